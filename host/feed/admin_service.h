// AdminService: the Admin gRPC service.
//
// Authenticates every call, lets only admins through (PERMISSION_DENIED
// naming the role otherwise) and hands the call to an AdminBackend. GetStats
// is completed here with what the feed itself knows: the number of open
// streams and the store's sequence range.
//
// Safe for concurrent use if the backend is.

#ifndef WILDWATCH_HOST_FEED_ADMIN_SERVICE_H_
#define WILDWATCH_HOST_FEED_ADMIN_SERVICE_H_

#include "host/feed/access.h"
#include "host/feed/admin_backend.h"
#include "host/feed/match_feed_service.h"
#include "host/store/match_store.h"
#include "wildwatch/v1/wildwatch.grpc.pb.h"

namespace wildwatch {

class AdminService final : public v1::Admin::Service {
 public:
  // Every pointer must be non-null and outlive the service.
  AdminService(const AccessControl* access, AdminBackend* backend,
               MatchStore* store, const MatchFeedService* feed);

  AdminService(const AdminService&) = delete;
  AdminService& operator=(const AdminService&) = delete;

  grpc::Status ListConnectors(grpc::ServerContext* context,
                              const v1::ListConnectorsRequest* request,
                              v1::ListConnectorsResponse* response) override;
  grpc::Status GetStats(grpc::ServerContext* context,
                        const v1::GetStatsRequest* request,
                        v1::GetStatsResponse* response) override;
  grpc::Status ReloadRules(grpc::ServerContext* context,
                           const v1::ReloadRulesRequest* request,
                           v1::ReloadRulesResponse* response) override;
  grpc::Status CheckRules(grpc::ServerContext* context,
                          const v1::CheckRulesRequest* request,
                          v1::CheckRulesResponse* response) override;
  grpc::Status ActivateRules(grpc::ServerContext* context,
                             const v1::ActivateRulesRequest* request,
                             v1::ActivateRulesResponse* response) override;
  grpc::Status ListRuleVersions(
      grpc::ServerContext* context, const v1::ListRuleVersionsRequest* request,
      v1::ListRuleVersionsResponse* response) override;
  grpc::Status RollbackRules(grpc::ServerContext* context,
                             const v1::RollbackRulesRequest* request,
                             v1::RollbackRulesResponse* response) override;
  grpc::Status RuleHistory(grpc::ServerContext* context,
                           const v1::RuleHistoryRequest* request,
                           v1::RuleHistoryResponse* response) override;

 private:
  // OK if the caller is an admin, with *caller set to it; the status to
  // return otherwise (*caller then unspecified).
  // REQUIRES: caller != nullptr.
  grpc::Status Authorize(const grpc::ServerContext& context, const char* method,
                         Principal* caller) const;

  // Constant after construction.
  const AccessControl* const access_;
  AdminBackend* const backend_;
  MatchStore* const store_;
  const MatchFeedService* const feed_;
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_FEED_ADMIN_SERVICE_H_
