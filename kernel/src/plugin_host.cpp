#include "plugin_host.hpp"

#include "input_checks.hpp"

#include <boost/dll/shared_library.hpp>

#include <elf.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>

namespace mentorkit {

struct plugin_library::handle {
    boost::dll::shared_library library;
    detail::create_plugin_fn* create = nullptr;
    detail::destroy_plugin_fn* destroy = nullptr;
};

bool plugin_library::provides(std::string_view name) const {
    return id == name || std::find(roles.begin(), roles.end(), name) != roles.end();
}

std::string_view to_string(plugin_state state) {
    switch (state) {
    case plugin_state::configured: return "configured";
    case plugin_state::started: return "started";
    case plugin_state::stopped: return "stopped";
    case plugin_state::failed: return "failed";
    case plugin_state::quarantined: return "quarantined";
    }
    return "unknown";
}

namespace {

std::vector<std::string> split_list(const char* text) {
    std::vector<std::string> out;
    std::string_view rest = text == nullptr ? "" : text;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return out;
}

std::string sdk_version(unsigned major, unsigned minor) { return std::to_string(major) + "." + std::to_string(minor); }

std::string text_or_empty(const char* text) { return text == nullptr ? std::string{} : std::string{text}; }

// The text of the plugin's version note, read from the file without loading it. Throws
// plugin_load_error when the file is not a 64-bit ELF shared library or has no note.
std::string read_version_note(const std::filesystem::path& file) {
    std::ifstream in{file, std::ios::binary};
    if (!in) throw plugin_load_error(file, "cannot be read: " + std::string{std::strerror(errno)});
    // In one read: going through a stream iterator byte by byte takes most of a second
    // for a plugin with debug information, once per plugin per command.
    std::string bytes;
    in.seekg(0, std::ios::end);
    bytes.resize(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)));
    in.seekg(0);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in) throw plugin_load_error(file, "cannot be read: " + std::string{std::strerror(errno)});
    auto at = [&bytes](std::uint64_t offset, std::uint64_t size) {
        return offset <= bytes.size() && size <= bytes.size() - offset;
    };
    Elf64_Ehdr header;
    if (!at(0, sizeof header) || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0)
        throw plugin_load_error(file, "not a shared library: it has no ELF header");
    std::memcpy(&header, bytes.data(), sizeof header);
    if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_type != ET_DYN)
        throw plugin_load_error(file, "not a shared library: it is an ELF file, but not a 64-bit shared library");
    const auto section = [&](std::size_t index) {
        Elf64_Shdr s{};
        const auto offset = header.e_shoff + index * header.e_shentsize;
        if (header.e_shentsize < sizeof s || !at(offset, sizeof s))
            throw plugin_load_error(file, "not a shared library: its section table is damaged");
        std::memcpy(&s, bytes.data() + offset, sizeof s);
        return s;
    };
    const auto names = section(header.e_shstrndx);
    for (std::size_t i = 0; i < header.e_shnum; ++i) {
        const auto s = section(i);
        if (!at(names.sh_offset + s.sh_name, 1) || !at(s.sh_offset, s.sh_size)) continue;
        if (std::strcmp(bytes.data() + names.sh_offset + s.sh_name, MENTORKIT_VERSION_NOTE_SECTION) != 0) continue;
        const std::string note{bytes.data() + s.sh_offset, s.sh_size};
        return note.substr(0, note.find('\0'));
    }
    throw plugin_load_error(file, "not a mentorkit plugin: it has no version note (export the plugin class with "
                                  "MENTORKIT_EXPORT_PLUGIN)");
}

// What a plugin sees of the kernel.
class plugin_context final : public context {
public:
    plugin_context(std::string id, std::unique_ptr<event_bus> bus, std::shared_ptr<spdlog::logger> log,
                   config_node config, const mentorkit::clock& clock, std::unique_ptr<mentorkit::scheduler> timers,
                   const plugin_services& services)
        : id_(std::move(id)), bus_(std::move(bus)), log_(std::move(log)), config_(std::move(config)), clock_(clock),
          timers_(std::move(timers)), services_(services) {}

    const std::string& plugin_id() const override { return id_; }
    event_bus& bus() override { return *bus_; }
    spdlog::logger& log() override { return *log_; }
    const config_node& config() const override { return config_; }
    const mentorkit::clock& clock() const override { return clock_; }
    mentorkit::scheduler& scheduler() override { return *timers_; }
    std::vector<event> history(std::string_view pattern) const override {
        return services_.history ? services_.history(pattern) : std::vector<event>{};
    }
    const config_node& catalog(std::string_view name) const override {
        if (services_.catalogs == nullptr)
            throw std::runtime_error("no catalog '" + std::string{name} + "': this kernel has no catalogs");
        return services_.catalogs->get(name);
    }

private:
    std::string id_;
    std::unique_ptr<event_bus> bus_;
    std::shared_ptr<spdlog::logger> log_;
    config_node config_;
    const mentorkit::clock& clock_;
    std::unique_ptr<mentorkit::scheduler> timers_;
    const plugin_services& services_;  // the host's, which outlives every context
};

}  // namespace

struct plugin_host::slot {
    std::shared_ptr<const plugin_library> library;
    source_mark mark;
    std::vector<std::string> dependencies;  // ids of the requested plugins it depends on
    std::shared_ptr<plugin_context> context;
    std::shared_ptr<plugin> instance;  // declared after context: destroyed before it
    std::atomic<plugin_state> state = plugin_state::configured;  // quarantine sets it from any thread
    std::string error;
};

plugin_host::plugin_host(in_process_bus& bus, const mentorkit::clock& clock, const log_hub& logs, timer_service& timers,
                         plugin_services services)
    : bus_(bus), clock_(clock), logs_(logs), timers_(timers), services_(std::move(services)), log_(logs.make("kernel")) {
    bus_.on_quarantine([this](const std::string& owner) {
        std::lock_guard lock{slots_mutex_};
        for (auto& s : slots_)
            if (s->library->id == owner) s->state = plugin_state::quarantined;
    });
}

plugin_host::~plugin_host() {
    stop_all();
    bus_.on_quarantine(nullptr);
}

void plugin_host::discover(const std::vector<std::filesystem::path>& folders, plugin_folder kind) {
    for (const auto& folder : folders) {
        std::error_code ec;
        if (!std::filesystem::is_directory(folder, ec)) {
            if (kind == plugin_folder::extra)
                throw plugin_load_error(folder, std::filesystem::exists(folder, ec)
                                                    ? "an extra plugin path must be a folder of plugins"
                                                    : "no such folder (given as an extra plugin path)");
            log_->debug("plugin folder {} does not exist; skipped", folder.string());
            continue;
        }
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
            if (entry.is_regular_file() && entry.path().extension() == ".so") files.push_back(entry.path());
        std::sort(files.begin(), files.end());  // discovery order must not depend on the file system
        for (const auto& file : files) {
            try {
                const auto lib = load(file);
                if (kind == plugin_folder::extra) extra_ids_.push_back(lib->id);
            } catch (const duplicate_plugin_error& e) {
                if (kind == plugin_folder::installed &&
                    std::find(extra_ids_.begin(), extra_ids_.end(), e.id()) != extra_ids_.end()) {
                    notices_.push_back("plugin '" + e.id() + "' from the extra plugin path (" +
                                       find(e.id())->file.string() + ") replaces the installed one (" + file.string() +
                                       ")");
                    log_->warn("{}", notices_.back());
                } else {
                    log_->warn("{}", e.what());
                    problems_.push_back(e);
                }
            } catch (const plugin_load_error& e) {
                log_->warn("{}", e.what());
                problems_.push_back(e);
            }
        }
    }
}

std::shared_ptr<const plugin_library> plugin_host::load(const std::filesystem::path& file) {
    namespace dll = boost::dll;
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(file, ec);
    for (const auto& lib : libraries_)
        if (std::filesystem::equivalent(lib->file, canonical, ec)) return lib;  // same file seen twice

    // Versions first, from the file: a plugin built for another SDK or ABI never runs.
    const auto note = read_version_note(canonical);
    unsigned sdk_major = 0, sdk_minor = 0;
    char abi[128] = {};
    if (std::sscanf(note.c_str(), "mentorkit-plugin sdk=%u.%u abi=%127s", &sdk_major, &sdk_minor, abi) != 3)
        throw plugin_load_error(file, "its version note is unreadable: '" + note + "'");
    const std::string host_sdk = sdk_version(MENTORKIT_SDK_API_MAJOR, MENTORKIT_SDK_API_MINOR);
    const std::string plugin_sdk = sdk_version(sdk_major, sdk_minor);
    if (sdk_major != MENTORKIT_SDK_API_MAJOR)
        throw plugin_load_error(file, "built against mentorkit SDK " + plugin_sdk + ", but this kernel provides SDK " +
                                          host_sdk + ": the major versions must be equal (rebuild the plugin "
                                          "against SDK " + std::to_string(MENTORKIT_SDK_API_MAJOR) + ".x)");
    if (sdk_minor > MENTORKIT_SDK_API_MINOR)
        throw plugin_load_error(file, "built against mentorkit SDK " + plugin_sdk + ", newer than this kernel's SDK " +
                                          host_sdk + " (upgrade the kernel, or rebuild the plugin against SDK " +
                                          host_sdk + ")");
    if (std::string_view{abi} != MENTORKIT_CXX_ABI)
        throw plugin_load_error(file, std::string{"built for C++ ABI '"} + abi + "', but this kernel uses '" MENTORKIT_CXX_ABI
                                      "' (rebuild it with the kernel's compiler and standard library)");

    auto native = std::make_shared<plugin_library::handle>();
    try {
        native->library.load(canonical, dll::load_mode::rtld_now | dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
        throw plugin_load_error(file, std::string{"cannot be loaded: "} + e.what());
    }
    if (!native->library.has(MENTORKIT_MANIFEST_SYMBOL) || !native->library.has(MENTORKIT_CREATE_SYMBOL) ||
        !native->library.has(MENTORKIT_DESTROY_SYMBOL))
        throw plugin_load_error(file, "not a mentorkit plugin: an entry point ('" MENTORKIT_MANIFEST_SYMBOL "', '"
                                      MENTORKIT_CREATE_SYMBOL "' or '" MENTORKIT_DESTROY_SYMBOL "') is missing");
    const auto& manifest = native->library.get_alias<const mentorkit_plugin_abi>(MENTORKIT_MANIFEST_SYMBOL);
    // Fields are only appended: a plugin of an older SDK minor has a shorter manifest.
    constexpr auto oldest_layout = offsetof(mentorkit_plugin_abi, depends_on) + sizeof(const char*);
    if (manifest.layout_size < oldest_layout)
        throw plugin_load_error(file, "its manifest layout (" + std::to_string(manifest.layout_size) +
                                          " bytes) is older than this kernel can read");
    const std::string id = text_or_empty(manifest.id);
    if (!detail::is_plugin_id(id))
        throw plugin_load_error(file, "invalid plugin id '" + id +
                                          "': expected a lower-case letter, then lower-case letters, digits or '_'");
    if (auto existing = find(id)) throw duplicate_plugin_error(file, id, existing->file);

    native->create = &native->library.get_alias<detail::create_plugin_fn>(MENTORKIT_CREATE_SYMBOL);
    native->destroy = &native->library.get_alias<detail::destroy_plugin_fn>(MENTORKIT_DESTROY_SYMBOL);

    auto lib = std::make_shared<plugin_library>();
    lib->file = canonical;
    lib->id = id;
    lib->version = text_or_empty(manifest.version);
    lib->description = text_or_empty(manifest.description);
    lib->roles = split_list(manifest.roles);
    lib->depends_on = split_list(manifest.depends_on);
    if (manifest.layout_size >= offsetof(mentorkit_plugin_abi, produces) + sizeof(const char*)) {
        lib->consumes = split_list(manifest.consumes);
        lib->produces = split_list(manifest.produces);
    }
    lib->sdk_major = sdk_major;
    lib->sdk_minor = sdk_minor;
    lib->native = std::move(native);
    libraries_.push_back(lib);
    log_->debug("loaded plugin '{}' {} from {}", lib->id, lib->version, lib->file.string());
    return lib;
}

std::shared_ptr<const plugin_library> plugin_host::find(std::string_view id) const {
    for (const auto& lib : libraries_)
        if (lib->id == id) return lib;
    return nullptr;
}

std::vector<config_error> plugin_host::configure(std::vector<plugin_request> requests) {
    std::vector<config_error> errors;

    // Resolve each dependency to the requested plugins that provide it.
    std::vector<std::vector<std::size_t>> edges(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto& lib = *requests[i].library;
        for (const auto& needed : lib.depends_on) {
            bool found = false;
            for (std::size_t j = 0; j < requests.size(); ++j) {
                if (j != i && requests[j].library->provides(needed)) {
                    edges[i].push_back(j);
                    found = true;
                }
            }
            if (!found)
                errors.emplace_back(requests[i].mark, "plugin '" + lib.id + "' depends on '" + needed +
                                                          "', which no enabled module provides; enable a module "
                                                          "that is or provides '" + needed + "'");
        }
    }
    if (!errors.empty()) return errors;

    // Depth-first topological order; the request order breaks ties so it stays predictable.
    enum class mark_state { unvisited, visiting, done };
    std::vector<mark_state> state(requests.size(), mark_state::unvisited);
    std::vector<std::size_t> order, path;
    std::function<bool(std::size_t)> visit = [&](std::size_t i) {
        if (state[i] == mark_state::done) return true;
        if (state[i] == mark_state::visiting) {
            const auto from = std::find(path.begin(), path.end(), i);
            std::string cycle;
            for (auto it = from; it != path.end(); ++it) cycle += requests[*it].library->id + " → ";
            errors.emplace_back(requests[i].mark, "dependency cycle: " + cycle + requests[i].library->id);
            return false;
        }
        state[i] = mark_state::visiting;
        path.push_back(i);
        for (auto j : edges[i])
            if (!visit(j)) return false;
        path.pop_back();
        state[i] = mark_state::done;
        order.push_back(i);
        return true;
    };
    for (std::size_t i = 0; i < requests.size(); ++i)
        if (!visit(i)) return errors;

    for (auto i : order) {
        auto& request = requests[i];
        auto s = std::make_unique<slot>();
        s->library = request.library;
        s->mark = request.mark;
        for (auto j : edges[i]) s->dependencies.push_back(requests[j].library->id);
        const auto& lib = s->library;
        const auto& id = lib->id;

        const auto errors_before = errors.size();
        plugin* raw = nullptr;
        try {
            raw = lib->native->create();
        } catch (const std::exception& e) {
            errors.emplace_back(request.mark, "plugin '" + id + "' failed to construct: " + e.what());
        } catch (...) {
            errors.emplace_back(request.mark, "plugin '" + id + "' failed to construct: unknown exception");
        }
        if (raw != nullptr) {
            s->context = std::make_shared<plugin_context>(id, bus_.scoped(id, lib), logs_.make(id),
                                                          std::move(request.config), clock_, timers_.scoped(id), services_);
            // Destroyed by the library that created it; the library and the context outlive it.
            s->instance = std::shared_ptr<plugin>(
                raw, [lib, context = s->context](plugin* p) mutable {
                    lib->native->destroy(p);
                    context.reset();
                });
            try {
                s->instance->configure(*s->context);
            } catch (const config_error& e) {
                errors.push_back(e);
            } catch (const std::exception& e) {
                errors.emplace_back(request.mark, "plugin '" + id + "' failed to configure: " + e.what());
            } catch (...) {
                errors.emplace_back(request.mark, "plugin '" + id + "' failed to configure: unknown exception");
            }
        }
        if (errors.size() != errors_before) {
            s->state = plugin_state::failed;
            s->error = errors.back().what();
        }
        std::lock_guard lock{slots_mutex_};
        slots_.push_back(std::move(s));
    }
    return errors;
}

void plugin_host::fail(slot& s, std::string_view stage, const std::string& error) {
    {
        std::lock_guard lock{slots_mutex_};
        s.state = plugin_state::failed;
        s.error = error;
    }
    log_->error("[{}] {} failed: {}", s.library->id, stage, error);
    bus_.publish("plugin.failed", {{"plugin", s.library->id}, {"stage", stage}, {"error", error}});
}

std::vector<std::string> plugin_host::start_all() {
    std::vector<std::string> failures;
    for (auto& s : slots_) {
        if (s->state != plugin_state::configured) continue;
        const auto& id = s->library->id;
        for (const auto& dependency : s->dependencies) {
            const auto it = std::find_if(slots_.begin(), slots_.end(),
                                         [&](const auto& other) { return other->library->id == dependency; });
            if (it != slots_.end() && (*it)->state != plugin_state::started) {
                fail(*s, "start", "not started: it depends on '" + dependency + "', which is " +
                                      std::string{to_string((*it)->state)});
                break;
            }
        }
        if (s->state == plugin_state::failed) {
            failures.push_back(id + ": " + s->error);
            continue;
        }
        try {
            s->instance->start();
            auto expected = plugin_state::configured;
            s->state.compare_exchange_strong(expected, plugin_state::started);
            log_->info("started plugin '{}' {}", id, s->library->version);
            bus_.publish("plugin.started", {{"plugin", id}, {"version", s->library->version}});
        } catch (const std::exception& e) {
            bus_.cancel_owner(id);  // it may have subscribed before throwing
            fail(*s, "start", e.what());
            failures.push_back(id + ": " + e.what());
        } catch (...) {
            bus_.cancel_owner(id);
            fail(*s, "start", "unknown exception");
            failures.push_back(id + ": unknown exception");
        }
    }
    return failures;
}

void plugin_host::stop_all() {
    for (auto it = slots_.rbegin(); it != slots_.rend(); ++it) {
        auto& s = **it;
        if (!s.instance) continue;  // stopped (or never created) already
        const auto& id = s.library->id;
        const bool running = s.state == plugin_state::started || s.state == plugin_state::quarantined;
        if (running) {
            try {
                s.instance->stop();
            } catch (const std::exception& e) {
                fail(s, "stop", e.what());
            } catch (...) {
                fail(s, "stop", "unknown exception");
            }
        }
        bus_.cancel_owner(id);  // no handler of the plugin runs after this
        if (running) {
            auto expected = plugin_state::started;
            s.state.compare_exchange_strong(expected, plugin_state::stopped);
        }
        s.instance.reset();
        s.context.reset();
        if (running) log_->debug("stopped plugin '{}'", id);
    }
}

std::vector<plugin_status> plugin_host::status() const {
    std::lock_guard lock{slots_mutex_};
    std::vector<plugin_status> out;
    for (const auto& s : slots_) out.push_back({s->library->id, s->state, s->error});
    return out;
}

std::shared_ptr<plugin> plugin_host::instance(std::string_view id) const {
    std::lock_guard lock{slots_mutex_};
    for (const auto& s : slots_)
        if (s->library->id == id) return s->instance;
    return nullptr;
}

}  // namespace mentorkit
