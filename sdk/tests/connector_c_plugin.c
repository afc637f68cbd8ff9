/*
 * Compiled as C, so <wildwatch/connector.h> is proven to stay C. Exports a
 * minimal connector with WW_CONNECTOR_EXPORT_C that connector_abi_test.cc
 * drives through the same symbol the host's loader reads.
 */
#include <string.h>

#include "wildwatch/connector.h"

struct ww_instance {
  int emitted;
  ww_post post;
};

static ww_status create(const char* config, const uint8_t* checkpoint,
                        uint64_t checkpoint_size, const ww_host_api* host,
                        ww_instance** out) {
  (void)config;
  (void)host;
  static ww_instance instance;
  memset(&instance, 0, sizeof instance);
  /* The checkpoint "1" means the single post was already committed. */
  instance.emitted =
      checkpoint != NULL && checkpoint_size == 1 && checkpoint[0] == '1';
  *out = &instance;
  return WW_STATUS_OK;
}

static const char* create_error(void) { return ""; }

static ww_status next_batch(ww_instance* self, uint32_t max_posts,
                            uint32_t timeout_ms, ww_batch* batch) {
  (void)max_posts;
  (void)timeout_ms;
  memset((char*)batch + sizeof batch->struct_size, 0,
         sizeof *batch - sizeof batch->struct_size);
  if (self->emitted) return WW_STATUS_END_OF_STREAM;
  self->emitted = 1;
  self->post.struct_size = sizeof self->post;
  self->post.id = "c-1";
  self->post.text = "hello from C";
  self->post.text_size = strlen(self->post.text);
  self->post.created_at_ms = WW_TIME_UNKNOWN;
  batch->posts = &self->post;
  batch->post_count = 1;
  batch->checkpoint = (const uint8_t*)"1";
  batch->checkpoint_size = 1;
  return WW_STATUS_OK;
}

static const char* last_error(ww_instance* self) {
  (void)self;
  return "";
}

static void destroy(ww_instance* self) { (void)self; }

static const ww_connector_descriptor descriptor = {
    sizeof(ww_connector_descriptor),
    WW_CONNECTOR_ABI_MAJOR,
    WW_CONNECTOR_ABI_MINOR,
    "c-example",
    "0.1.0",
    "A connector written in C",
    WW_PLATFORM_FORUM,
    "{\"type\":\"object\"}",
    create,
    create_error,
    next_batch,
    last_error,
    destroy,
};

static const ww_connector_descriptor* entry(void) { return &descriptor; }

WW_CONNECTOR_EXPORT_C(entry)
