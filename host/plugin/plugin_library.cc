#include "host/plugin/plugin_library.h"

#include <boost/dll/shared_library.hpp>
#include <cstddef>
#include <filesystem>
#include <string>
#include <system_error>

namespace wildwatch {

struct PluginLibrary::Impl {
  boost::dll::shared_library library;
};

namespace {

// The descriptor fields this host reads, up to and including `destroy`. A
// plugin built against ABI 1.0 is exactly this large; later 1.x minors may
// only be larger.
constexpr size_t kRequiredDescriptorSize =
    offsetof(ww_connector_descriptor, destroy) + sizeof(void*);

std::string Version(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace

PluginLibrary::PluginLibrary(std::string path, std::unique_ptr<Impl> impl,
                             const ww_connector_descriptor* descriptor)
    : path_(std::move(path)), impl_(std::move(impl)), descriptor_(descriptor) {}

PluginLibrary::~PluginLibrary() = default;

StatusOr<std::shared_ptr<const PluginLibrary>> PluginLibrary::Load(
    const std::string& path) {
  std::error_code fs_error;
  if (!std::filesystem::is_regular_file(path, fs_error)) {
    return NotFoundError(path + ": no such plugin file");
  }
  auto impl = std::make_unique<Impl>();
  boost::system::error_code error;
  // rtld_local keeps one plugin's symbols from satisfying another's.
  impl->library.load(
      path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
      error);
  if (error) {
    return InvalidArgumentError(path + ": not a loadable shared library (" +
                                error.message() + ")");
  }
  if (!impl->library.has(WW_CONNECTOR_ENTRY_SYMBOL)) {
    return InvalidArgumentError(
        path + ": not a Wildwatch connector (no exported symbol '" +
        WW_CONNECTOR_ENTRY_SYMBOL + "')");
  }
  // The symbol holds a pointer to the entry function (BOOST_DLL_ALIAS
  // layout, also produced by WW_CONNECTOR_EXPORT_C).
  ww_connector_entry_fn entry =
      impl->library.get<ww_connector_entry_fn>(WW_CONNECTOR_ENTRY_SYMBOL);
  const ww_connector_descriptor* d = entry == nullptr ? nullptr : entry();
  if (d == nullptr) {
    return InvalidArgumentError(path +
                                ": connector entry returned no descriptor");
  }
  const std::string host_version =
      Version(WW_CONNECTOR_ABI_MAJOR, WW_CONNECTOR_ABI_MINOR);
  const std::string plugin_version = Version(d->abi_major, d->abi_minor);
  if (d->abi_major != WW_CONNECTOR_ABI_MAJOR) {
    return FailedPreconditionError(path + ": built for connector ABI " +
                                   plugin_version + ", this host speaks ABI " +
                                   host_version +
                                   " (the major versions must be equal)");
  }
  if (d->abi_minor > WW_CONNECTOR_ABI_MINOR) {
    return FailedPreconditionError(
        path + ": built for connector ABI " + plugin_version +
        ", newer than this host's ABI " + host_version +
        " (upgrade the host or rebuild the plugin against SDK " + host_version +
        ")");
  }
  if (d->struct_size < kRequiredDescriptorSize) {
    return FailedPreconditionError(
        path + ": descriptor is " + std::to_string(d->struct_size) +
        " bytes, ABI " + plugin_version + " requires at least " +
        std::to_string(kRequiredDescriptorSize));
  }
  std::string missing;
  auto require = [&missing](bool present, const char* what) {
    if (!present) missing += (missing.empty() ? "" : ", ") + std::string(what);
  };
  require(d->name != nullptr && d->name[0] != '\0', "name");
  require(d->version != nullptr, "version");
  require(d->description != nullptr, "description");
  require(d->config_schema != nullptr, "config_schema");
  require(d->create != nullptr, "create");
  require(d->create_error != nullptr, "create_error");
  require(d->next_batch != nullptr, "next_batch");
  require(d->last_error != nullptr, "last_error");
  require(d->destroy != nullptr, "destroy");
  if (!missing.empty()) {
    return FailedPreconditionError(path + ": descriptor (ABI " +
                                   plugin_version + ") lacks required " +
                                   missing);
  }
  return std::shared_ptr<const PluginLibrary>(
      new PluginLibrary(path, std::move(impl), d));
}

std::string ResolvePluginPath(std::string_view plugin,
                              std::string_view plugin_dir) {
  std::filesystem::path dir(plugin_dir);
  const bool is_path =
      plugin.find('/') != std::string_view::npos ||
      (plugin.size() > 3 && plugin.substr(plugin.size() - 3) == ".so");
  if (is_path) {
    std::filesystem::path p(plugin);
    return (p.is_absolute() ? p : dir / p).lexically_normal().string();
  }
  return (dir / ("libwildwatch_" + std::string(plugin) + ".so")).string();
}

}  // namespace wildwatch
