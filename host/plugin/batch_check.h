// CheckBatch: the host's checks on a batch a connector handed it.
//
// Every batch goes through here, whether the plugin runs in the host
// (ConnectorInstance) or in a worker process whose reply the host decoded
// (WorkerConnector): a worker is no more trusted than the plugin it runs, so
// the host checks what arrives, not what the worker says it checked. A
// thread-compatible free function.

#ifndef WILDWATCH_HOST_PLUGIN_BATCH_CHECK_H_
#define WILDWATCH_HOST_PLUGIN_BATCH_CHECK_H_

#include <cstdint>

#include "host/plugin/connector_source.h"

namespace wildwatch {

// Checks *result as the answer to a next_batch call that asked for
// max_posts: a known status, posts only with OK and at least one with it,
// no more than max_posts, every post with an id, an error message for error
// statuses. A violation replaces *result by a WW_STATUS_FATAL_ERROR whose
// error starts with "protocol error: "; a batch that passes is left as is.
void CheckBatch(uint32_t max_posts, BatchResult* result);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_PLUGIN_BATCH_CHECK_H_
