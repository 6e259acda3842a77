#pragma once
// The kernel's own settings (config/kernel.yaml).

#include <filesystem>
#include <string>
#include <vector>

namespace mentorkit {

struct kernel_config {
    std::filesystem::path file;                          //!< where it was read from (empty: defaults)
    std::vector<std::filesystem::path> plugin_paths;     //!< folders searched for plugins, in order
    std::vector<std::filesystem::path> template_dirs;    //!< folders searched for program templates
    std::vector<std::filesystem::path> catalog_dirs;     //!< folders searched for catalogs (reference data)
    std::filesystem::path store_dir;                     //!< where each program's store (<id>.db) lives
    std::string log_level = "info";                      //!< trace, debug, info, warn, error, critical, off
    unsigned bus_workers = 2;                            //!< threads for queued delivery
    unsigned quarantine_after = 5;                       //!< consecutive handler failures; 0 = never
    std::size_t dead_letter_capacity = 1000;             //!< dead letters kept in memory
};

/// Reads a kernel config file. Relative paths in it are taken from the file's folder;
/// "${prefix}" stands for `install_prefix` (the folder above the CLI's bin/). Throws
/// config_error (file:line:col) on an unknown key or a bad value.
kernel_config load_kernel_config(const std::filesystem::path& file, const std::filesystem::path& install_prefix);

}  // namespace mentorkit
