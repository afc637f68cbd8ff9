#include "host/feed/admin_service.h"

#include <spdlog/spdlog.h>

#include "host/feed/proto_convert.h"

namespace wildwatch {

AdminService::AdminService(const AccessControl* access, AdminBackend* backend,
                           MatchStore* store, const MatchFeedService* feed)
    : access_(access), backend_(backend), store_(store), feed_(feed) {}

grpc::Status AdminService::Authorize(const grpc::ServerContext& context,
                                     const char* method) const {
  StatusOr<Principal> principal = access_->Authenticate(context);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
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
  grpc::Status status = Authorize(*context, "ListConnectors");
  if (!status.ok()) return status;
  return backend_->ListConnectors(response);
}

grpc::Status AdminService::GetStats(grpc::ServerContext* context,
                                    const v1::GetStatsRequest*,
                                    v1::GetStatsResponse* response) {
  grpc::Status status = Authorize(*context, "GetStats");
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
  grpc::Status status = Authorize(*context, "ReloadRules");
  if (!status.ok()) return status;
  return backend_->ReloadRules(response);
}

grpc::Status AdminService::CheckRules(grpc::ServerContext* context,
                                      const v1::CheckRulesRequest* request,
                                      v1::CheckRulesResponse* response) {
  grpc::Status status = Authorize(*context, "CheckRules");
  if (!status.ok()) return status;
  return backend_->CheckRules(*request, response);
}

}  // namespace wildwatch
