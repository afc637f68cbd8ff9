#include "host/feed/feed_server.h"

#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <spdlog/spdlog.h>

#include <cassert>

#include "host/feed/admin_service.h"
#include "host/feed/match_feed_service.h"
#include "host/store/match_store.h"

namespace wildwatch {

FeedServer::FeedServer(MatchStore* store, AdminBackend* admin, Options options)
    : store_(store), admin_(admin), options_(std::move(options)) {}

FeedServer::~FeedServer() { Shutdown(); }

StatusOr<int> FeedServer::Start() {
  assert(server_ == nullptr);
  StatusOr<AccessControl> access = AccessControl::Create(options_.subscribers);
  if (!access.ok()) return access.status();
  access_ = std::move(*access);
  feed_ =
      std::make_unique<MatchFeedService>(store_, &*access_, options_.heartbeat);
  admin_service_ =
      std::make_unique<AdminService>(&*access_, admin_, store_, feed_.get());

  // Both are process-wide switches read when a server is built; setting
  // them again is harmless.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options_.listen, grpc::InsecureServerCredentials(),
                           &port);
  // gRPC sets SO_REUSEPORT by default, and then a second daemon on the same
  // port starts fine and clients land on either at random.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxSendMessageSize(options_.max_message_size);
  builder.SetMaxReceiveMessageSize(options_.max_message_size);
  builder.RegisterService(feed_.get());
  builder.RegisterService(admin_service_.get());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) {
    if (server_ != nullptr) server_->Shutdown();
    server_.reset();
    return UnavailableError("cannot listen on " + options_.listen);
  }
  spdlog::info("feed: listening on {} (port {}), {} subscriber(s) configured",
               options_.listen, port, options_.subscribers.size());
  return port;
}

void FeedServer::Shutdown(std::chrono::milliseconds grace) {
  if (server_ == nullptr) return;
  feed_->Shutdown();
  store_->Shutdown();
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
  server_.reset();
  spdlog::info("feed: stopped");
}

uint32_t FeedServer::subscribers() const {
  return feed_ == nullptr ? 0 : feed_->subscribers();
}

}  // namespace wildwatch
