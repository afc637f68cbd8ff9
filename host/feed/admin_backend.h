// AdminBackend: what the Admin service asks of the process that hosts it.
//
// The feed only checks that the caller is an admin and passes the call on;
// the daemon implements this interface with its connectors and rule set
// (tests use a fake). Each method fills its response and returns OK, or
// returns the error to send instead (the response is then discarded). The
// methods that change the active rule set get the caller, an authenticated
// admin, whose name goes into the rule audit log.
// Methods may be called from several gRPC threads at once, so an
// implementation must be safe for concurrent use.

#ifndef WILDWATCH_HOST_FEED_ADMIN_BACKEND_H_
#define WILDWATCH_HOST_FEED_ADMIN_BACKEND_H_

#include <grpcpp/support/status.h>

#include "host/feed/access.h"
#include "wildwatch/v1/wildwatch.pb.h"

namespace wildwatch {

class AdminBackend {
 public:
  virtual ~AdminBackend() = default;

  // One ConnectorStatus per configured connector instance.
  virtual grpc::Status ListConnectors(v1::ListConnectorsResponse* response) = 0;

  // Everything but `subscribers`, `last_sequence` and `oldest_sequence`,
  // which the feed sets itself afterwards (it holds the streams and the
  // store).
  virtual grpc::Status GetStats(v1::GetStatsResponse* response) = 0;

  // Reloads the configured rule files: see Admin.ReloadRules in the proto.
  virtual grpc::Status ReloadRules(const Principal& caller,
                                   v1::ReloadRulesResponse* response) = 0;

  // Checks request.content without activating it.
  virtual grpc::Status CheckRules(const v1::CheckRulesRequest& request,
                                  v1::CheckRulesResponse* response) = 0;

  // See Admin.ActivateRules, ListRuleVersions, RollbackRules and RuleHistory
  // in the proto.
  virtual grpc::Status ActivateRules(const Principal& caller,
                                     const v1::ActivateRulesRequest& request,
                                     v1::ActivateRulesResponse* response) = 0;
  virtual grpc::Status ListRuleVersions(
      v1::ListRuleVersionsResponse* response) = 0;
  virtual grpc::Status RollbackRules(const Principal& caller,
                                     const v1::RollbackRulesRequest& request,
                                     v1::RollbackRulesResponse* response) = 0;
  virtual grpc::Status RuleHistory(const v1::RuleHistoryRequest& request,
                                   v1::RuleHistoryResponse* response) = 0;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_FEED_ADMIN_BACKEND_H_
