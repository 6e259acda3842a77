#pragma once
// One writer per store: each process that writes to a store holds its lock for as long as it
// has the store open. Event ids and timers are continued from what a process read when it
// opened the store, so two writers at once would hand out the same ids.

#include <filesystem>

namespace mentorkit {

/// An exclusive lock on a store, held from construction to destruction: an advisory lock
/// (flock) on the store file itself, whatever path or link names it; `<store>.lock` names
/// the holder (process id and command line) for the error another process gets. The kernel
/// releases it when the process ends, however it ends, so a killed process leaves no stale
/// lock. (flock does not touch the POSIX record locks SQLite takes on the same file.)
class store_lock {
public:
    /// Takes the lock without waiting. Throws store_error "<store>: the store is in use by
    /// pid N (command …)" when another process holds it.
    explicit store_lock(const std::filesystem::path& store_file);
    ~store_lock();
    store_lock(const store_lock&) = delete;
    store_lock& operator=(const store_lock&) = delete;

private:
    int store_fd_ = -1;  // held open until the store is closed: see the .cpp
    int holder_fd_ = -1;
};

}  // namespace mentorkit
