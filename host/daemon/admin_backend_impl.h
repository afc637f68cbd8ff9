// DaemonAdmin: the Admin service's view of a running Daemon.
//
// Translates the daemon's connector snapshots, rule results, rule versions
// and audit log into the API's messages, and the daemon's errors into gRPC
// statuses. Safe for concurrent use: every Daemon method it calls is.

#ifndef WILDWATCH_HOST_DAEMON_ADMIN_BACKEND_IMPL_H_
#define WILDWATCH_HOST_DAEMON_ADMIN_BACKEND_IMPL_H_

#include "host/feed/admin_backend.h"

namespace wildwatch {

class Daemon;

class DaemonAdmin : public AdminBackend {
 public:
  // Audit entries RuleHistory returns when the request sets no limit.
  static constexpr size_t kDefaultHistoryLimit = 50;

  // daemon must outlive this object.
  explicit DaemonAdmin(Daemon* daemon) : daemon_(daemon) {}

  grpc::Status ListConnectors(v1::ListConnectorsResponse* response) override;
  grpc::Status GetStats(v1::GetStatsResponse* response) override;
  grpc::Status ReloadRules(const Principal& caller,
                           v1::ReloadRulesResponse* response) override;
  grpc::Status CheckRules(const v1::CheckRulesRequest& request,
                          v1::CheckRulesResponse* response) override;
  grpc::Status ActivateRules(const Principal& caller,
                             const v1::ActivateRulesRequest& request,
                             v1::ActivateRulesResponse* response) override;
  grpc::Status ListRuleVersions(
      v1::ListRuleVersionsResponse* response) override;
  grpc::Status RollbackRules(const Principal& caller,
                             const v1::RollbackRulesRequest& request,
                             v1::RollbackRulesResponse* response) override;
  grpc::Status RuleHistory(const v1::RuleHistoryRequest& request,
                           v1::RuleHistoryResponse* response) override;

 private:
  Daemon* const daemon_;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_DAEMON_ADMIN_BACKEND_IMPL_H_
