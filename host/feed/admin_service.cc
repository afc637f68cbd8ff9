#include "host/feed/admin_service.h"

#include <spdlog/spdlog.h>

#include "host/feed/proto_convert.h"

namespace wildwatch {

AdminService::AdminService(const AccessControl* access, AdminBackend* backend,
                           MatchStore* store, const MatchFeedService* feed)
    : access_(access), backend_(backend), store_(store), feed_(feed) {}

grpc::Status AdminService::Authorize(const grpc::ServerContext& context,
                                     const char* method,
                                     Principal* caller) const {
  StatusOr<Principal> principal = access_->Authenticate(context);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  *caller = *principal;
  Status allowed = CheckMayAdminister(*principal);
  if (!allowed.ok()) {
    spdlog::warn("admin: '{}' ({}) refused {}", principal->name,
                 principal->role, method);
    return ToGrpcStatus(allowed);
  }
  spdlog::info("admin: '{}' called {}", principal->name, method);
  return grpc::Status::OK;
}

grpc::Status AdminService::ListConnectors(
    grpc::ServerContext* context, const v1::ListConnectorsRequest*,
    v1::ListConnectorsResponse* response) {
  Principal caller;
  grpc::Status status = Authorize(*context, "ListConnectors", &caller);
  if (!status.ok()) return status;
  return backend_->ListConnectors(response);
}

grpc::Status AdminService::GetStats(grpc::ServerContext* context,
                                    const v1::GetStatsRequest*,
                                    v1::GetStatsResponse* response) {
  Principal caller;
  grpc::Status status = Authorize(*context, "GetStats", &caller);
  if (!status.ok()) return status;
  status = backend_->GetStats(response);
  if (!status.ok()) return status;
  response->set_subscribers(feed_->subscribers());
  response->set_last_sequence(store_->LastSequence());
  response->set_oldest_sequence(store_->OldestSequence());
  return grpc::Status::OK;
}

grpc::Status AdminService::ReloadRules(grpc::ServerContext* context,
                                       const v1::ReloadRulesRequest*,
                                       v1::ReloadRulesResponse* response) {
  Principal caller;
  grpc::Status status = Authorize(*context, "ReloadRules", &caller);
  if (!status.ok()) return status;
  return backend_->ReloadRules(caller, response);
}

grpc::Status AdminService::CheckRules(grpc::ServerContext* context,
                                      const v1::CheckRulesRequest* request,
                                      v1::CheckRulesResponse* response) {
  Principal caller;
  grpc::Status status = Authorize(*context, "CheckRules", &caller);
  if (!status.ok()) return status;
  return backend_->CheckRules(*request, response);
}

grpc::Status AdminService::ActivateRules(
    grpc::ServerContext* context, const v1::ActivateRulesRequest* request,
    v1::ActivateRulesResponse* response) {
  Principal caller;
  grpc::Status status = Authorize(*context, "ActivateRules", &caller);
  if (!status.ok()) return status;
  return backend_->ActivateRules(caller, *request, response);
}

grpc::Status AdminService::ListRuleVersions(
    grpc::ServerContext* context, const v1::ListRuleVersionsRequest*,
    v1::ListRuleVersionsResponse* response) {
  Principal caller;
  grpc::Status status = Authorize(*context, "ListRuleVersions", &caller);
  if (!status.ok()) return status;
  return backend_->ListRuleVersions(response);
}

grpc::Status AdminService::RollbackRules(
    grpc::ServerContext* context, const v1::RollbackRulesRequest* request,
    v1::RollbackRulesResponse* response) {
  Principal caller;
  grpc::Status status = Authorize(*context, "RollbackRules", &caller);
  if (!status.ok()) return status;
  return backend_->RollbackRules(caller, *request, response);
}

grpc::Status AdminService::RuleHistory(grpc::ServerContext* context,
                                       const v1::RuleHistoryRequest* request,
                                       v1::RuleHistoryResponse* response) {
  Principal caller;
  grpc::Status status = Authorize(*context, "RuleHistory", &caller);
  if (!status.ok()) return status;
  return backend_->RuleHistory(*request, response);
}

}  // namespace wildwatch
