// DaemonAdmin: the Admin service's view of a running Daemon.
//
// Translates the daemon's connector snapshots and rule results into the API's
// messages. Safe for concurrent use: every Daemon method it calls is.

#ifndef WILDWATCH_HOST_DAEMON_ADMIN_BACKEND_IMPL_H_
#define WILDWATCH_HOST_DAEMON_ADMIN_BACKEND_IMPL_H_

#include "host/feed/admin_backend.h"

namespace wildwatch {

class Daemon;

class DaemonAdmin : public AdminBackend {
 public:
  // daemon must outlive this object.
  explicit DaemonAdmin(Daemon* daemon) : daemon_(daemon) {}

  grpc::Status ListConnectors(v1::ListConnectorsResponse* response) override;
  grpc::Status GetStats(v1::GetStatsResponse* response) override;
  grpc::Status ReloadRules(v1::ReloadRulesResponse* response) override;
  grpc::Status CheckRules(const v1::CheckRulesRequest& request,
                          v1::CheckRulesResponse* response) override;

 private:
  Daemon* const daemon_;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_DAEMON_ADMIN_BACKEND_IMPL_H_
