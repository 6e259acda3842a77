#include "output/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ext/stdio_filebuf.h>

#include <cerrno>
#include <fstream>
#include <string_view>
#include <cstring>
#include <optional>

namespace mentorkit {

namespace fs = std::filesystem;

struct output_file::impl {
    fs::path destination;
    fs::path temporary;
    int fd = -1;
    std::optional<__gnu_cxx::stdio_filebuf<char>> buffer;  // owns fd once made
    std::optional<std::ostream> stream;
    bool committed = false;

    [[noreturn]] void fail(const std::string& what, int error) const {
        throw output_error(destination.string() + ": cannot write " + what + ": " + std::strerror(error));
    }
};

namespace {

// What a report or a table may replace: a regular file that is not a store. A device, a
// pipe or a folder is never replaced, nor a program's store (an SQLite file) named by
// mistake, such as `report --out eng.db`.
void check_replaceable(const fs::path& destination) {
    struct stat info {};
    if (::stat(destination.c_str(), &info) != 0) return;  // nothing there yet
    if (!S_ISREG(info.st_mode))
        throw output_error(destination.string() + ": exists and is not a regular file; not replaced");
    char header[16] = {};
    std::ifstream in{destination, std::ios::binary};
    in.read(header, sizeof header);
    if (in.gcount() == sizeof header && std::string_view{header, sizeof header} == std::string_view{"SQLite format 3\0", 16})
        throw output_error(destination.string() + ": is an SQLite database (a program's store?); not replaced");
}

}  // namespace

output_file::output_file(fs::path destination) : impl_(std::make_unique<impl>()) {
    auto& d = *impl_;
    d.destination = std::move(destination);
    check_replaceable(d.destination);
    const auto folder = d.destination.has_parent_path() ? d.destination.parent_path() : fs::path{"."};
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) d.fail("the folder " + folder.string(), ec.value());
    // mkostemp opens with O_CREAT | O_EXCL: the name is new, never an existing file or link.
    std::string pattern = (folder / ("." + d.destination.filename().string() + ".XXXXXX")).string();
    d.fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (d.fd < 0) d.fail("a temporary file next to it", errno);
    d.temporary = pattern;
    try {
        prepare();
    } catch (...) {
        d.stream.reset();
        if (d.buffer) d.buffer.reset();  // it owns the descriptor
        else ::close(d.fd);
        ::unlink(d.temporary.c_str());
        throw;
    }
}

void output_file::prepare() {
    auto& d = *impl_;
    // mkostemp makes it 0600. The file gets the mode the destination has, or else what a
    // new file gets under the user's umask (reports hold personal data: umask 077 means it).
    struct stat existing {};
    mode_t mode = 0;
    if (::stat(d.destination.c_str(), &existing) == 0) {
        mode = existing.st_mode & 0777;
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    ::fchmod(d.fd, mode);
    d.buffer.emplace(d.fd, std::ios::out);
    d.stream.emplace(&*d.buffer);
}

output_file::~output_file() {
    if (impl_->committed) return;
    impl_->stream.reset();
    impl_->buffer.reset();  // closes fd
    ::unlink(impl_->temporary.c_str());
}

std::ostream& output_file::stream() { return *impl_->stream; }

void output_file::commit() {
    auto& d = *impl_;
    d.stream->flush();
    if (!*d.stream) d.fail("it", errno != 0 ? errno : EIO);
    if (::fsync(d.fd) != 0) d.fail("it", errno);
    d.stream.reset();
    d.buffer.reset();
    if (::rename(d.temporary.c_str(), d.destination.c_str()) != 0) {
        const int error = errno;
        ::unlink(d.temporary.c_str());
        d.committed = true;  // nothing left to remove
        d.fail("it", error);
    }
    d.committed = true;
}

void write_output_file(const fs::path& destination, std::string_view text) {
    output_file out{destination};
    out.stream().write(text.data(), static_cast<std::streamsize>(text.size()));
    out.commit();
}

}  // namespace mentorkit
