#include "store/store_lock.hpp"

#include "input_checks.hpp"
#include "store/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace mentorkit {

namespace {

// "pid 1234 (mentorkit ingest program.yaml activity.csv)", for whoever finds the store busy.
std::string this_process() {
    std::ifstream in{"/proc/self/cmdline", std::ios::binary};
    std::string command{std::istreambuf_iterator<char>{in}, {}};
    while (!command.empty() && command.back() == '\0') command.pop_back();
    for (auto& c : command)
        if (c == '\0') c = ' ';
    if (const auto slash = command.find_last_of('/', command.find(' ')); slash != std::string::npos)
        command.erase(0, slash + 1);  // the program's name without its folder
    constexpr std::size_t longest = 200;
    if (command.size() > longest) command = command.substr(0, longest) + "…";
    return "pid " + std::to_string(::getpid()) + " (" + command + ")";
}

}  // namespace

store_lock::store_lock(const std::filesystem::path& store_file) {
    // One lock per file, whatever path names it (a symbolic link to the store, "./eng.db").
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(store_file, ec);
    const auto lock_file = (ec ? store_file : canonical).string() + ".lock";
    // O_NOFOLLOW: the lock file is ours to write; a link planted in its place is not followed.
    fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    struct stat info {};
    if (fd_ >= 0 && (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode) || info.st_nlink != 1)) {
        ::close(fd_);  // a hard link to some other file: never truncated
        fd_ = -1;
        errno = EPERM;
    }
    if (fd_ < 0)
        throw store_error(store_file.string() + ": cannot lock the store (" + lock_file + ": " +
                          std::strerror(errno) + ")");
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        char holder[512] = {};
        const auto n = ::pread(fd_, holder, sizeof holder - 1, 0);
        ::close(fd_);
        fd_ = -1;
        if (error != EWOULDBLOCK)
            throw store_error(store_file.string() + ": cannot lock the store: " + std::strerror(error));
        const std::string who = n > 0 ? detail::printable(std::string{holder, static_cast<std::size_t>(n)})
                                      : std::string{"another process"};
        throw store_error(store_file.string() + ": the store is in use by " + who +
                          "; one command at a time writes to a store: try again when it has finished");
    }
    const auto holder = this_process();
    if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, holder.data(), holder.size(), 0) < 0) {
        // Naming the holder is a courtesy to the next process; the lock holds without it.
    }
}

store_lock::~store_lock() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace mentorkit
