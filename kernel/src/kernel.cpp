#include "kernel.hpp"

namespace mentorkit {

kernel::kernel(kernel_options options) {
    plugin_paths_ = options.extra_plugin_paths;
    plugin_paths_.insert(plugin_paths_.end(), options.config.plugin_paths.begin(), options.config.plugin_paths.end());
    logs_ = std::make_unique<log_hub>(options.log_level.empty() ? options.config.log_level : options.log_level);
    log_ = logs_->make("kernel");
    if (options.simulated_start) {
        auto simulated = std::make_unique<simulated_clock>(*options.simulated_start);
        simulated_ = simulated.get();
        clock_ = std::move(simulated);
    } else {
        clock_ = std::make_unique<system_clock>();
    }
    bus_ = std::make_unique<in_process_bus>(
        bus_options{options.config.bus_workers, options.config.quarantine_after, options.config.dead_letter_capacity,
                    options.journal != nullptr ? options.journal->last_event_id() + 1 : 1},
        logs_->make("bus"), *clock_);
    journal_ = options.journal;
    if (journal_ != nullptr) bus_->add_observer([journal = journal_](const event& e) { journal->append(e); });
    // An accepted match starts the relationship; the role modules take it from there.
    relationship_starter_ = bus_->subscribe("match.accepted", [this](const event& e) {
        const auto mentor = e.payload.at("mentor_id").get<std::string>();
        const auto mentee = e.payload.at("mentee_id").get<std::string>();
        bus_->publish("relationship.started",
                      {{"relationship_id", "r-" + mentor + "-" + mentee}, {"mentor_id", mentor}, {"mentee_id", mentee}});
    });
    timers_ = std::make_unique<timer_service>(*bus_, *clock_, options.journal);
    catalogs_ = std::make_unique<catalog_library>(options.config.catalog_dirs);
    plugin_services services;
    services.catalogs = catalogs_.get();
    if (journal_ != nullptr)
        services.history = [journal = journal_](std::string_view pattern) { return journal->journal_matching(pattern); };
    host_ = std::make_unique<plugin_host>(*bus_, *clock_, *logs_, *timers_, std::move(services));
    host_->discover(options.extra_plugin_paths, plugin_folder::extra);
    host_->discover(options.config.plugin_paths);
}

kernel::~kernel() { stop(); }

std::vector<config_error> kernel::load_program(const program_definition& program) {
    runtime_timers_ = timers_->scoped("kernel");
    runtime_ = std::make_unique<program_runtime>(*bus_, *runtime_timers_, read_runtime_settings(program),
                                                 journal_ != nullptr ? journal_->journal() : std::vector<event>{});
    std::vector<config_error> errors;
    std::vector<plugin_request> requests;
    std::vector<std::string> installed;
    for (const auto& lib : host_->libraries()) installed.push_back(lib->id);

    for (const auto* module : program.enabled_modules()) {
        std::shared_ptr<const plugin_library> chosen = host_->find(module->name);
        if (!chosen) {
            std::vector<std::shared_ptr<const plugin_library>> providers;
            for (const auto& lib : host_->libraries())
                if (lib->provides(module->name)) providers.push_back(lib);
            if (providers.size() == 1) {
                chosen = providers.front();
            } else if (providers.size() > 1) {
                std::string names;
                for (const auto& p : providers) names += (names.empty() ? "" : ", ") + p->id;
                errors.emplace_back(module->mark, "module '" + module->name + "' is provided by several plugins (" +
                                                      names + "); enable one of them by its id instead");
                continue;
            }
        }
        if (!chosen) {
            std::string message = "module '" + module->name + "' names no installed plugin";
            if (auto hint = closest_match(module->name, installed); !hint.empty())
                message += "; did you mean '" + hint + "'?";
            else
                message += ".";
            std::string list;
            for (const auto& id : installed) list += (list.empty() ? "" : ", ") + id;
            message += installed.empty() ? std::string{" No plugins are installed"} : " Installed plugins: " + list;
            message += " (searched:";
            for (const auto& path : plugin_paths_) message += " " + path.string();
            message += ")";
            errors.emplace_back(module->mark, message);
            continue;
        }
        requests.push_back({chosen, module->config, module->mark});
    }
    if (!errors.empty()) return errors;
    return host_->configure(std::move(requests));
}

std::vector<std::string> kernel::start() { return host_->start_all(); }

void kernel::announce_start(const program_definition& program) {
    nlohmann::json modules = nlohmann::json::array();
    for (const auto* module : program.enabled_modules()) modules.push_back(module->name);
    bus_->publish("program.started", {{"program", program.id},
                                      {"name", program.name},
                                      {"start", format_date(program.start)},
                                      {"duration", to_string(program.length)},
                                      {"modules", modules}});
}

std::size_t kernel::advance_to(time_point end) {
    if (simulated_ == nullptr) throw std::logic_error("advance_to needs the simulated clock");
    if (journal_ == nullptr) return timers_->advance(*simulated_, end);
    // A month of program time per transaction: one commit per timer would dominate.
    std::size_t fired = 0;
    while (simulated_->now() < end) {
        const auto step = std::min(end, simulated_->now() + duration{1, {}});
        store::batch batch{*journal_};
        fired += timers_->advance(*simulated_, step);
        batch.commit();
    }
    return fired;
}

void kernel::stop() {
    bus_->wait_idle();
    host_->stop_all();
}

}  // namespace mentorkit
