#pragma once
/// @file
/// The plugin interface, its manifest and the one macro that exports a plugin.
///
/// A plugin is a class derived from mentorkit::plugin with a static constexpr
/// `manifest` member, exported with MENTORKIT_EXPORT_PLUGIN:
///
///     class my_plugin final : public mentorkit::plugin {
///     public:
///         static constexpr mentorkit::plugin_manifest manifest{
///             .id = "my_plugin", .version = "1.0.0",
///             .description = "What it does for mentors and mentees",
///             .roles = "teach", .depends_on = ""};
///     private:
///         void on_start() override { on("goal.set", [this](const mentorkit::event& e) { ... }); }
///     };
///     MENTORKIT_EXPORT_PLUGIN(my_plugin)

#include <mentorkit/bus.hpp>
#include <mentorkit/context.hpp>
#include <mentorkit/version.hpp>

#include <boost/dll/alias.hpp>

#include <algorithm>
#include <cassert>
#include <initializer_list>
#include <iterator>
#include <string_view>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace mentorkit {

/// What a plugin says about itself, written by its author.
struct plugin_manifest {
    const char* id = "";           //!< unique id; the program enables it as `modules.<id>`
    const char* version = "";      //!< the plugin's own version
    const char* description = "";  //!< one line, shown by `mentorkit plugins`
    const char* roles = "";        //!< comma-separated roles it provides, e.g. "sponsor"
    const char* depends_on = "";   //!< comma-separated plugin ids or roles that must start first
    const char* consumes = "";     //!< comma-separated topics or patterns it handles (since SDK 1.2)
    const char* produces = "";     //!< comma-separated topics it publishes (since SDK 1.2)
};

/// Base class of every plugin. The kernel drives the lifecycle
/// constructed → configure() → start() → stop() → destroyed, always from one thread.
/// Copy and move are disabled: the kernel owns the instance.
class plugin {
public:
    plugin() = default;
    plugin(const plugin&) = delete;
    plugin& operator=(const plugin&) = delete;
    virtual ~plugin() = default;

    //! Called once after construction. Validate the module's config here and throw
    //! config_error (with the node's mark) on a bad value.
    void configure(context& ctx) {
        context_ = &ctx;
        on_configure(ctx.config());
    }
    //! Called once, after every plugin this one depends on has started. Subscribe here.
    void start() { on_start(); }
    //! Called once, in reverse start order. Subscriptions made with on() end here.
    void stop() {
        on_stop();
        std::vector<subscription> ending;
        {
            std::lock_guard lock{subscriptions_mutex_};
            ending.swap(subscriptions_);
        }
    }

protected:
    /// The kernel context; valid from configure() on.
    context& ctx() const {
        assert(context_ != nullptr && "ctx() used before configure()");
        return *context_;
    }
    /// Subscribes for as long as the plugin runs (until stop()). Thread-safe: handlers on
    /// several workers may subscribe.
    void on(std::string pattern, event_handler handler, delivery mode = delivery::synchronous) {
        keep(ctx().bus().subscribe(std::move(pattern), std::move(handler), mode));
    }
    /// Typed form of on(): `handler(const T&, const event&)` or `handler(const T&)`.
    template <typed_event T, typename F>
    void on(F handler, delivery mode = delivery::synchronous) {
        keep(ctx().bus().template subscribe<T>(std::move(handler), mode));
    }
    /// Keeps `view` (e.g. a mentorkit::roster) up to date: folds in the program's history
    /// so far, then every new event on `View::topics`. Call it in on_start() before on():
    /// a subscriber made earlier sees each event earlier, so handlers find the view current.
    template <typename View>
    void follow(View& view) {
        for (const auto& e : history_of(View::topics)) view.observe(e);
        for (const auto& topic : View::topics)
            on(std::string{topic}, [&view](const event& e) { view.observe(e); });
    }
    /// The program's history on several topics or patterns (a range of strings), merged in
    /// publish order, as it happened: a fold depends on it (withdrawn, then enrolled again).
    template <typename Topics>
    std::vector<event> history_of(const Topics& topics) const {
        std::vector<event> history;
        for (const auto& topic : topics) {
            auto of_topic = ctx().history(topic);
            history.insert(history.end(), std::make_move_iterator(of_topic.begin()),
                           std::make_move_iterator(of_topic.end()));
        }
        std::sort(history.begin(), history.end(), [](const event& a, const event& b) { return a.id < b.id; });
        return history;
    }
    std::vector<event> history_of(std::initializer_list<std::string_view> topics) const {
        return history_of<std::initializer_list<std::string_view>>(topics);
    }

private:
    //! Read and check the module's settings.
    virtual void on_configure(const config_node& /*config*/) {}
    //! Begin work: subscribe, publish initial events.
    virtual void on_start() {}
    //! Finish work; do not publish from here.
    virtual void on_stop() {}

    void keep(subscription s) {
        std::lock_guard lock{subscriptions_mutex_};
        subscriptions_.push_back(std::move(s));
    }

    context* context_ = nullptr;
    std::mutex subscriptions_mutex_;
    std::vector<subscription> subscriptions_;
};

}  // namespace mentorkit

extern "C" {
/// The exported manifest, read by the kernel once the version note has been accepted and
/// before any object is created. Plain C layout; fields are only ever appended, and
/// `layout_size` tells how many the plugin has.
struct mentorkit_plugin_abi {
    std::uint32_t layout_size;  //!< sizeof(mentorkit_plugin_abi) when the plugin was built
    const char* id;
    const char* version;
    const char* description;
    const char* roles;
    const char* depends_on;
    const char* consumes;  // since SDK 1.2
    const char* produces;  // since SDK 1.2
};
}

/// The version note: plain text in its own ELF section, which the kernel reads from the file
/// before loading it, so that no code of a plugin built for another SDK or C++ ABI ever
/// runs (not even its static initialisers). Written by MENTORKIT_EXPORT_PLUGIN.
#define MENTORKIT_VERSION_NOTE_SECTION ".mentorkit_version"
#define MENTORKIT_DETAIL_VERSION_NOTE(sdk_major, sdk_minor, cxx_abi)                                 \
    __attribute__((used, section(MENTORKIT_VERSION_NOTE_SECTION))) static const char                \
        mentorkit_version_note[] = "mentorkit-plugin sdk=" MENTORKIT_STRINGIFY(sdk_major) "."       \
                                   MENTORKIT_STRINGIFY(sdk_minor) " abi=" cxx_abi;

/// Names of the exported entry points (Boost.DLL aliases).
#define MENTORKIT_MANIFEST_SYMBOL "mentorkit_manifest"
#define MENTORKIT_CREATE_SYMBOL "mentorkit_create_plugin"
#define MENTORKIT_DESTROY_SYMBOL "mentorkit_destroy_plugin"

namespace mentorkit::detail {
using create_plugin_fn = plugin*();
using destroy_plugin_fn = void(plugin*);
}  // namespace mentorkit::detail

/// Exports `plugin_class` (derived from mentorkit::plugin, with a static constexpr
/// `manifest`) from a plugin library. Use exactly once per library, at global scope.
/// The instance is created and destroyed inside the library, so allocation and
/// destruction always use the plugin's own code.
#define MENTORKIT_EXPORT_PLUGIN(plugin_class)                                                        \
    namespace mentorkit_exported {                                                                   \
    static const ::mentorkit_plugin_abi manifest_data{                                              \
        sizeof(::mentorkit_plugin_abi), plugin_class::manifest.id, plugin_class::manifest.version,     \
        plugin_class::manifest.description, plugin_class::manifest.roles, plugin_class::manifest.depends_on,     \
        plugin_class::manifest.consumes, plugin_class::manifest.produces};                         \
    MENTORKIT_DETAIL_VERSION_NOTE(MENTORKIT_SDK_API_MAJOR, MENTORKIT_SDK_API_MINOR, MENTORKIT_CXX_ABI) \
    static ::mentorkit::plugin* create() { return new plugin_class(); }                             \
    static void destroy(::mentorkit::plugin* instance) { delete instance; }                          \
    }                                                                                                \
    BOOST_DLL_ALIAS(mentorkit_exported::manifest_data, mentorkit_manifest)                           \
    BOOST_DLL_ALIAS(mentorkit_exported::create, mentorkit_create_plugin)                             \
    BOOST_DLL_ALIAS(mentorkit_exported::destroy, mentorkit_destroy_plugin)
