#pragma once
// A folder of its own under the system's temporary folder, removed at the end of a test.

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace mentorkit::test_support {

class temp_folder {
public:
    temp_folder() {
        std::random_device random;
        do {
            path_ = std::filesystem::temp_directory_path() / ("mentorkit-test-" + std::to_string(random()));
        } while (!std::filesystem::create_directory(path_));
    }
    ~temp_folder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    temp_folder(const temp_folder&) = delete;
    temp_folder& operator=(const temp_folder&) = delete;

    /// Writes `text` to `name` (which may contain folders) and returns its path.
    std::filesystem::path write(const std::string& name, const std::string& text) const {
        const auto file = path_ / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream{file, std::ios::binary} << text;
        return file;
    }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace mentorkit::test_support
