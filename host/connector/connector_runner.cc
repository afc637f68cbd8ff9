#include "host/connector/connector_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <iterator>
#include <random>
#include <utility>

#include "host/connector/post_matcher.h"

namespace wildwatch {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Checkpoints are opaque bytes; most connectors use text, which is shown as
// is, anything else byte by byte.
std::string Printable(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

spdlog::level::level_enum SpdLevel(ww_log_level level) {
  switch (level) {
    case WW_LOG_DEBUG:
      return spdlog::level::debug;
    case WW_LOG_INFO:
      return spdlog::level::info;
    case WW_LOG_WARN:
      return spdlog::level::warn;
    default:
      return spdlog::level::err;
  }
}

}  // namespace

ConnectorRunner::ConnectorRunner(InstanceSpec spec,
                                 std::shared_ptr<const PluginLibrary> library,
                                 std::string load_error, MatchStore* store,
                                 const ActiveRules* rules,
                                 RunnerOptions options)
    : spec_(std::move(spec)),
      library_(std::move(library)),
      load_error_(std::move(load_error)),
      store_(store),
      rules_(rules),
      options_(options),
      queue_(std::max<size_t>(1, options.queue_batches)),
      source_factory_(
          spec_.source ? spec_.source
                       : InProcessSourceFactory(library_, spec_.config_json)) {}

ConnectorRunner::~ConnectorRunner() { Stop(); }

void ConnectorRunner::Start() {
  if (library_ == nullptr) {
    SetState("failed");
    RecordError(load_error_);
    done_ = true;
    return;
  }
  const size_t match_threads =
      options_.match_threads != 0
          ? options_.match_threads
          : std::max(1u, std::thread::hardware_concurrency());
  match_pool_ = std::make_unique<WorkerPool>(match_threads - 1);
  processor_ = std::thread([this] { ProcessLoop(); });
  puller_ = std::thread([this] { PullLoop(); });
}

void ConnectorRunner::RequestStop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
}

void ConnectorRunner::Stop() {
  RequestStop();
  if (puller_.joinable()) puller_.join();
  if (processor_.joinable()) processor_.join();
  match_pool_.reset();
}

void ConnectorRunner::Log(ww_log_level level, std::string_view message) {
  spdlog::log(SpdLevel(level), "[{}] {}", spec_.name, message);
}

void ConnectorRunner::AddCounter(std::string_view name, uint64_t delta) {
  std::lock_guard lock(mu_);
  auto it = counters_.find(name);
  if (it == counters_.end()) it = counters_.emplace(std::string(name), 0).first;
  it->second += delta;
}

void ConnectorRunner::SetState(const char* state) {
  std::lock_guard lock(mu_);
  state_ = state;
}

void ConnectorRunner::RecordError(const std::string& error) {
  ++errors_;
  std::lock_guard lock(mu_);
  last_error_ = error;
}

bool ConnectorRunner::SleepUnlessStopped(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !stop_cv_.wait_for(lock, d, [&] { return stop_.load(); });
}

namespace {

// Doubles *current from initial up to max and returns it jittered to
// 50-100%, so many instances failing together do not retry in lockstep.
std::chrono::milliseconds Jittered(std::chrono::milliseconds* current,
                                   std::chrono::milliseconds initial,
                                   std::chrono::milliseconds max) {
  *current = current->count() == 0 ? initial : std::min(*current * 2, max);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(
      static_cast<double>(current->count()) * jitter(rng)));
}

}  // namespace

std::chrono::milliseconds ConnectorRunner::NextBackoff() {
  return Jittered(&backoff_, options_.initial_backoff, options_.max_backoff);
}

std::chrono::milliseconds ConnectorRunner::NextRestartBackoff() {
  return Jittered(&restart_backoff_, options_.restart_initial_backoff,
                  options_.restart_max_backoff);
}

bool ConnectorRunner::RestartAfterLoss(const std::string& reason) {
  if (losses_in_row_ > 0 && loss_checkpoint_ == resume_checkpoint_) {
    ++losses_in_row_;
  } else {
    losses_in_row_ = 1;
    loss_checkpoint_ = resume_checkpoint_;
  }
  const std::string checkpoint =
      resume_checkpoint_ ? "'" + Printable(*resume_checkpoint_) + "'"
                         : "(none: from the start)";
  RecordError(reason);
  if (losses_in_row_ >= options_.quarantine_after) {
    const std::string why =
        "quarantined after " + std::to_string(losses_in_row_) +
        " worker losses in a row at checkpoint " + checkpoint +
        "; last: " + reason + ". Restart wildwatchd to try it again";
    spdlog::error("[{}] {}", spec_.name, why);
    RecordError(why);
    SetState("quarantined");
    return false;
  }
  const std::chrono::milliseconds delay = NextRestartBackoff();
  spdlog::warn(
      "[{}] {}; restarting its worker in {} ms at checkpoint {} ({} of {} "
      "in a row before quarantine)",
      spec_.name, reason, delay.count(), checkpoint, losses_in_row_,
      options_.quarantine_after);
  AddCounter("worker_restarts", 1);
  SetState("restarting");
  return SleepUnlessStopped(delay);
}

std::unique_ptr<ConnectorSource> ConnectorRunner::OpenSource() {
  while (!stop_) {
    if (!resume_loaded_) {
      StatusOr<std::optional<std::string>> checkpoint =
          store_->LoadCheckpoint(spec_.name);
      if (!checkpoint.ok()) {
        RecordError("loading checkpoint: " + checkpoint.status().ToString());
        SetState("backoff");
        if (!SleepUnlessStopped(NextBackoff())) return nullptr;
        continue;
      }
      resume_checkpoint_ = std::move(*checkpoint);
      resume_loaded_ = true;
      if (resume_checkpoint_) {
        std::lock_guard lock(mu_);
        last_checkpoint_ = Printable(*resume_checkpoint_);
      }
    }
    auto source = source_factory_(resume_checkpoint_, this, &stop_);
    if (source.ok()) {
      backoff_ = {};
      return std::move(*source);
    }
    const Status& s = source.status();
    if (s.code() == StatusCode::kAborted) {
      if (stop_ || !RestartAfterLoss(s.message())) return nullptr;
      continue;
    }
    RecordError(s.message());
    if (s.code() == StatusCode::kUnavailable) {
      spdlog::warn("[{}] create failed, will retry: {}", spec_.name,
                   s.message());
      SetState("backoff");
      if (!SleepUnlessStopped(NextBackoff())) return nullptr;
      continue;
    }
    spdlog::error("[{}] create failed: {}", spec_.name, s.message());
    SetState(s.code() == StatusCode::kInvalidArgument ? "config_error"
                                                      : "failed");
    return nullptr;
  }
  return nullptr;
}

void ConnectorRunner::PullLoop() {
  std::unique_ptr<ConnectorSource> source = OpenSource();
  const char* final_state = "stopped";
  if (source == nullptr) final_state = nullptr;  // State already says why.
  while (source != nullptr && !stop_) {
    const auto started = std::chrono::steady_clock::now();
    BatchResult r =
        source->NextBatch(options_.batch_size, options_.poll_timeout);
    if (r.lost) {
      source.reset();
      if (stop_) break;  // Killed for the stop: nothing to restart.
      if (RestartAfterLoss(r.error)) source = OpenSource();
      if (source == nullptr && !stop_) final_state = nullptr;
      continue;
    }
    losses_in_row_ = 0;
    restart_backoff_ = {};
    if (r.checkpoint) resume_checkpoint_ = r.checkpoint;
    switch (r.status) {
      case WW_STATUS_OK: {
        backoff_ = {};
        SetState("running");
        posts_read_ += r.posts.size();
        queue_.Push(
            Batch{std::move(r.posts), std::move(r.checkpoint), NowMs()});
        continue;
      }
      case WW_STATUS_NO_DATA: {
        SetState("idle");
        if (r.checkpoint) queue_.Push(Batch{{}, std::move(r.checkpoint), 0});
        // A connector that answers NO_DATA at once instead of waiting for
        // its timeout must not turn the loop into a busy spin.
        const auto elapsed = std::chrono::steady_clock::now() - started;
        if (elapsed < options_.poll_timeout / 2) {
          SleepUnlessStopped(options_.poll_timeout);
        }
        continue;
      }
      case WW_STATUS_END_OF_STREAM:
        if (r.checkpoint) queue_.Push(Batch{{}, std::move(r.checkpoint), 0});
        spdlog::info("[{}] end of stream", spec_.name);
        final_state = "finished";
        break;
      case WW_STATUS_TRANSIENT_ERROR:
        RecordError(r.error);
        spdlog::warn("[{}] transient error, backing off: {}", spec_.name,
                     r.error);
        SetState("backoff");
        SleepUnlessStopped(NextBackoff());
        continue;
      case WW_STATUS_CONFIG_ERROR:
        RecordError(r.error);
        spdlog::error("[{}] configuration error, stopping: {}", spec_.name,
                      r.error);
        final_state = "config_error";
        break;
      default:
        RecordError(r.error);
        spdlog::error("[{}] fatal error, stopping: {}", spec_.name, r.error);
        final_state = "failed";
        break;
    }
    break;
  }
  // Destroy the source before the queue closes: everything it returned is
  // already copied, and the processor may still be committing.
  source.reset();
  queue_.Close();
  if (final_state != nullptr) SetState(final_state);
}

void ConnectorRunner::DropOversizePosts(std::vector<Post>* posts) {
  std::erase_if(*posts, [&](const Post& p) {
    const uint64_t size = std::max(p.text.size(), p.raw.size());
    if (size <= options_.max_post_bytes) return false;
    const std::string error = "post '" + p.id + "' is " + std::to_string(size) +
                              " bytes, over the limit of " +
                              std::to_string(options_.max_post_bytes) +
                              " (pipeline.max_post_bytes); skipped";
    spdlog::error("[{}] {}", spec_.name, error);
    RecordError(error);
    AddCounter("oversize_posts", 1);
    return true;
  });
}

std::vector<Match> ConnectorRunner::MatchBatch(const Batch& batch) const {
  const size_t n = batch.posts.size();
  if (n == 0) return {};
  const std::shared_ptr<const rules::RuleSet> rules = rules_->Get();
  const int64_t matched_at = NowMs();
  // Threads take a few posts at a time from a shared counter instead of one
  // fixed share each: the cost of a post varies with its length and script,
  // and a thread left with the slow share would keep the others (and the
  // commit) waiting at the end of every batch.
  constexpr size_t kPostsPerTake = 8;
  std::atomic<size_t> next{0};
  std::vector<std::vector<Match>> per_post(n);
  const std::function<void()> work = [&] {
    for (size_t begin; (begin = next.fetch_add(kPostsPerTake)) < n;) {
      for (size_t i = begin; i < std::min(n, begin + kPostsPerTake); ++i) {
        per_post[i] =
            MatchPost(*rules, batch.posts[i], spec_.name, spec_.platform,
                      batch.captured_at_ms, matched_at);
      }
    }
  };
  // Below a few dozen posts per thread, waking the pool's threads costs
  // more than they save.
  constexpr size_t kMinPostsPerThread = 32;
  if (n < 2 * kMinPostsPerThread) {
    work();
  } else {
    match_pool_->Run(work);
  }
  std::vector<Match> matches;
  for (std::vector<Match>& m : per_post) {
    std::move(m.begin(), m.end(), std::back_inserter(matches));
  }
  return matches;
}

void ConnectorRunner::ProcessLoop() {
  bool abandoned = false;
  while (std::optional<Batch> batch = queue_.Pop()) {
    if (abandoned) continue;  // Drain so the puller is never left blocked.
    DropOversizePosts(&batch->posts);
    std::vector<Match> matches = MatchBatch(*batch);
    std::optional<std::string_view> checkpoint;
    if (batch->checkpoint) checkpoint = *batch->checkpoint;
    // A failed commit is retried: dropping the batch would lose matches.
    // If the host stops first, this batch and every later one are abandoned
    // uncommitted (a later checkpoint must never pass an uncommitted batch),
    // so they are read again after the restart.
    Status s = store_->CommitBatch(spec_.name, &matches, checkpoint);
    for (auto wait = options_.initial_backoff; !s.ok() && !abandoned;
         wait = std::min(wait * 2, options_.max_backoff)) {
      RecordError("commit failed: " + s.ToString());
      spdlog::error("[{}] commit failed, retrying: {}", spec_.name,
                    s.ToString());
      if (!SleepUnlessStopped(wait)) {
        abandoned = true;
        break;
      }
      s = store_->CommitBatch(spec_.name, &matches, checkpoint);
    }
    if (!s.ok()) continue;
    uint64_t stored = 0;
    for (const Match& m : matches) stored += m.sequence != 0 ? 1 : 0;
    matches_ += stored;
    std::lock_guard lock(mu_);
    if (batch->checkpoint) last_checkpoint_ = Printable(*batch->checkpoint);
    if (!batch->posts.empty()) last_batch_at_ms_ = NowMs();
  }
  done_ = true;
}

ConnectorSnapshot ConnectorRunner::Snapshot() const {
  ConnectorSnapshot s;
  s.name = spec_.name;
  s.platform = spec_.platform;
  if (library_ != nullptr) {
    s.plugin = library_->name();
    s.plugin_version = library_->version();
  }
  s.posts_read = posts_read_;
  s.matches = matches_;
  s.errors = errors_;
  std::lock_guard lock(mu_);
  s.state = state_;
  s.last_error = last_error_;
  s.last_checkpoint = last_checkpoint_;
  s.last_batch_at_ms = last_batch_at_ms_;
  s.counters.insert(counters_.begin(), counters_.end());
  return s;
}

}  // namespace wildwatch
