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

std::string holder_file(const std::filesystem::path& store_file) {
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(store_file, ec);
    return (ec ? store_file : canonical).string() + ".lock";
}

}  // namespace

store_lock::store_lock(const std::filesystem::path& store_file) {
    const auto name = store_file.string();
    // The lock is on the store file itself, so that every path and every link to it (symbolic
    // or hard) meets the same lock. The descriptor stays open until SQLite has closed the file
    // (the store releases this lock last): closing a descriptor of a file drops the POSIX
    // locks the process holds on it, SQLite's among them.
    store_fd_ = ::open(name.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (store_fd_ < 0) throw store_error(name + ": cannot open the store: " + std::strerror(errno));
    const auto holder_name = holder_file(store_file);
    if (::flock(store_fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(store_fd_);
        store_fd_ = -1;
        if (error != EWOULDBLOCK) throw store_error(name + ": cannot lock the store: " + std::strerror(error));
        std::string who = "another process";
        if (const int fd = ::open(holder_name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC); fd >= 0) {
            char holder[512] = {};
            if (const auto n = ::read(fd, holder, sizeof holder - 1); n > 0)
                who = detail::printable(std::string{holder, static_cast<std::size_t>(n)});
            ::close(fd);
        }
        throw store_error(name + ": the store is in use by " + who +
                          "; one command at a time writes to a store: try again when it has finished");
    }
    // Naming the holder is a courtesy to the next process; the lock holds without it. The
    // file is ours to write: a link planted in its place is not followed, a hard link to
    // some other file never truncated.
    holder_fd_ = ::open(holder_name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    struct stat info {};
    if (holder_fd_ >= 0 && ::fstat(holder_fd_, &info) == 0 && S_ISREG(info.st_mode) && info.st_nlink == 1) {
        const auto holder = this_process();
        if (::ftruncate(holder_fd_, 0) == 0 && ::pwrite(holder_fd_, holder.data(), holder.size(), 0) < 0) {
            // as above: a courtesy
        }
    }
}

store_lock::~store_lock() {
    if (holder_fd_ >= 0) ::close(holder_fd_);
    if (store_fd_ >= 0) ::close(store_fd_);  // releases the flock
}

}  // namespace mentorkit
