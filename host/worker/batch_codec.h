// Batches to and from the worker protocol (worker_protocol.proto).
//
// EncodeBatch runs in the worker, DecodeBatch in the host. Decoding copies
// bytes only; checking what arrived is CheckBatch's job (batch_check.h), as
// for a batch from an in-process plugin. Thread-compatible free functions.

#ifndef WILDWATCH_HOST_WORKER_BATCH_CODEC_H_
#define WILDWATCH_HOST_WORKER_BATCH_CODEC_H_

#include "host/plugin/connector_source.h"
#include "host/worker/worker_protocol.pb.h"

namespace wildwatch {

void EncodeBatch(const BatchResult& batch, worker::Batch* out);
BatchResult DecodeBatch(worker::Batch* batch);  // Moves the bytes out.

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_WORKER_BATCH_CODEC_H_
