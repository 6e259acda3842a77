#pragma once
// Files mentorkit writes for people (reports, match tables, journal exports) appear whole
// or not at all, and never write through what is already at their path.

#include <filesystem>
#include <ostream>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace mentorkit {

class output_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A file written in full before it replaces `destination`. The text goes to a new file with
/// a unique name in the destination's folder, created exclusively (so an existing file or
/// symbolic link there, planted or left over, is never written through); commit() flushes
/// it to disk and renames it over the destination, so a reader sees the old file or the new
/// one, never half of one. Without commit() the temporary is removed and the destination is
/// as it was. Errors throw output_error naming the destination.
class output_file {
public:
    explicit output_file(std::filesystem::path destination);
    ~output_file();
    output_file(const output_file&) = delete;
    output_file& operator=(const output_file&) = delete;

    std::ostream& stream();
    void commit();

private:
    void prepare();  // the temporary's mode and stream
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Writes `text` to `destination` through an output_file.
void write_output_file(const std::filesystem::path& destination, std::string_view text);

}  // namespace mentorkit
