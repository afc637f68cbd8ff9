// PluginLibrary: one loaded connector library, checked against the ABI.
//
// Load() opens the shared library with Boost.DLL, finds the entry symbol
// (WW_CONNECTOR_ENTRY_SYMBOL), reads the descriptor and refuses, with a
// message naming the file and both versions, anything the host cannot drive
// safely: a file that is not a shared library, a library without the entry
// symbol, a descriptor built for another ABI major or a newer ABI minor, a
// descriptor too small for the fields this host needs, or a missing required
// function. Nothing in the library is called before those checks pass.
//
// The library stays loaded while any PluginLibrary reference is alive;
// ConnectorInstance holds one, so a library is never unloaded under a live
// instance. Immutable after Load: safe for concurrent use.

#ifndef WILDWATCH_HOST_PLUGIN_PLUGIN_LIBRARY_H_
#define WILDWATCH_HOST_PLUGIN_PLUGIN_LIBRARY_H_

#include <memory>
#include <string>
#include <string_view>

#include "host/core/status.h"
#include "wildwatch/connector.h"

namespace wildwatch {

class PluginLibrary {
 public:
  // Loads and checks the library at path. On failure returns
  // FAILED_PRECONDITION (wrong ABI, missing functions), NOT_FOUND (no such
  // file) or INVALID_ARGUMENT (not a library, no entry symbol), each with a
  // message that starts with the path.
  static StatusOr<std::shared_ptr<const PluginLibrary>> Load(
      const std::string& path);

  ~PluginLibrary();
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  // Valid while this object lives.
  const ww_connector_descriptor& descriptor() const { return *descriptor_; }
  const std::string& path() const { return path_; }
  std::string_view name() const { return descriptor_->name; }
  std::string_view version() const { return descriptor_->version; }

 private:
  struct Impl;
  PluginLibrary(std::string path, std::unique_ptr<Impl> impl,
                const ww_connector_descriptor* descriptor);

  std::string path_;
  std::unique_ptr<Impl> impl_;                 // Holds the open library.
  const ww_connector_descriptor* descriptor_;  // Owned by the library.
};

// Turns a plugin reference from the configuration into a file path: a
// reference containing '/' or ending in ".so" is a path (relative ones are
// taken from plugin_dir); anything else is a connector name, found as
// "<plugin_dir>/libwildwatch_<name>.so".
std::string ResolvePluginPath(std::string_view plugin,
                              std::string_view plugin_dir);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_PLUGIN_PLUGIN_LIBRARY_H_
