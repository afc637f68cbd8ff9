/*
 * A connector written in plain C against <wildwatch/connector.h>, used by the
 * host's tests. It emits `count` numbered posts in batches and behaves as
 * the configuration scripts it, so tests can drive the host through every
 * status of the ABI:
 *
 *   {"count": 10,            posts 0..count-1, text from "text" (default
 *    "text": "...",          "post <n>"), id "p<n>"
 *    "fail_create": "config" | "transient" | "fatal",
 *    "transient_every": 3,   every 3rd next_batch fails transiently once
 *    "fatal_at": 5,          next_batch fails fatally when reaching post 5
 *    "ok_empty_at": 5,       protocol violation: OK with no posts at post 5
 *    "idle": true,           after the last post: NO_DATA instead of END
 *    "ignore_checkpoint": true}  a buggy resume: always starts from post 0
 *
 * The checkpoint is the decimal index of the next post. The configuration
 * is read with config_scan.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_scan.h"
#include "wildwatch/connector.h"

#ifndef TEST_ABI_MAJOR_DELTA
#define TEST_ABI_MAJOR_DELTA 0
#endif
#ifndef TEST_ABI_MINOR_DELTA
#define TEST_ABI_MINOR_DELTA 0
#endif

struct ww_instance {
  const ww_host_api* host;
  long count, next, transient_every, fatal_at, ok_empty_at, calls;
  int idle;
  char text[256];
  char error[256];
  ww_post posts[64];
  char ids[64][32];
  char texts[64][300];
  char checkpoint[32];
};

static _Thread_local char create_error[256];

static ww_status create(const char* config, const uint8_t* checkpoint,
                        uint64_t checkpoint_size, const ww_host_api* host,
                        ww_instance** out) {
  *out = NULL;
  char fail[32];
  if (string_value(config, "fail_create", fail, sizeof fail)) {
    snprintf(create_error, sizeof create_error, "scripted %s failure", fail);
    if (strcmp(fail, "config") == 0) return WW_STATUS_CONFIG_ERROR;
    if (strcmp(fail, "transient") == 0) return WW_STATUS_TRANSIENT_ERROR;
    return WW_STATUS_FATAL_ERROR;
  }
  ww_instance* self = calloc(1, sizeof *self);
  if (self == NULL) {
    snprintf(create_error, sizeof create_error, "out of memory");
    return WW_STATUS_FATAL_ERROR;
  }
  self->host = host;
  self->count = int_value(config, "count", 10);
  self->transient_every = int_value(config, "transient_every", 0);
  self->fatal_at = int_value(config, "fatal_at", -1);
  self->ok_empty_at = int_value(config, "ok_empty_at", -1);
  self->idle = strstr(config, "\"idle\":true") != NULL ||
               strstr(config, "\"idle\": true") != NULL;
  if (!string_value(config, "text", self->text, sizeof self->text)) {
    self->text[0] = '\0';
  }
  const int ignore_checkpoint =
      strstr(config, "\"ignore_checkpoint\":true") != NULL ||
      strstr(config, "\"ignore_checkpoint\": true") != NULL;
  if (!ignore_checkpoint && checkpoint != NULL && checkpoint_size > 0 &&
      checkpoint_size < 32) {
    char buf[32];
    memcpy(buf, checkpoint, checkpoint_size);
    buf[checkpoint_size] = '\0';
    self->next = strtol(buf, NULL, 10);
  }
  host->log(host->host_ctx, WW_LOG_INFO, "scripted connector created");
  *out = self;
  return WW_STATUS_OK;
}

static const char* get_create_error(void) { return create_error; }

static ww_status next_batch(ww_instance* self, uint32_t max_posts,
                            uint32_t timeout_ms, ww_batch* batch) {
  (void)timeout_ms;
  batch->posts = NULL;
  batch->post_count = 0;
  batch->checkpoint = NULL;
  batch->checkpoint_size = 0;
  self->error[0] = '\0';
  self->calls++;
  if (self->transient_every > 0 && self->calls % self->transient_every == 0) {
    snprintf(self->error, sizeof self->error, "scripted transient failure");
    return WW_STATUS_TRANSIENT_ERROR;
  }
  if (self->next == self->fatal_at) {
    snprintf(self->error, sizeof self->error, "scripted fatal failure");
    return WW_STATUS_FATAL_ERROR;
  }
  if (self->next == self->ok_empty_at) return WW_STATUS_OK;
  if (self->next >= self->count) {
    return self->idle ? WW_STATUS_NO_DATA : WW_STATUS_END_OF_STREAM;
  }
  uint32_t n = 0;
  while (n < max_posts && n < 64 && self->next < self->count &&
         self->next != self->fatal_at && self->next != self->ok_empty_at) {
    ww_post* p = &self->posts[n];
    memset(p, 0, sizeof *p);
    p->struct_size = sizeof *p;
    snprintf(self->ids[n], sizeof self->ids[n], "p%ld", self->next);
    if (self->text[0] != '\0') {
      snprintf(self->texts[n], sizeof self->texts[n], "%s", self->text);
    } else {
      snprintf(self->texts[n], sizeof self->texts[n], "post %ld", self->next);
    }
    p->id = self->ids[n];
    p->text = self->texts[n];
    p->text_size = strlen(self->texts[n]);
    p->created_at_ms = WW_TIME_UNKNOWN;
    p->raw = (const uint8_t*)self->texts[n];
    p->raw_size = p->text_size;
    self->next++;
    n++;
  }
  self->host->add_counter(self->host->host_ctx, "batches", 1);
  snprintf(self->checkpoint, sizeof self->checkpoint, "%ld", self->next);
  batch->posts = self->posts;
  batch->post_count = n;
  batch->checkpoint = (const uint8_t*)self->checkpoint;
  batch->checkpoint_size = strlen(self->checkpoint);
  return WW_STATUS_OK;
}

static const char* last_error(ww_instance* self) { return self->error; }

static void destroy(ww_instance* self) { free(self); }

static const ww_connector_descriptor descriptor = {
    sizeof(ww_connector_descriptor),
    WW_CONNECTOR_ABI_MAJOR + TEST_ABI_MAJOR_DELTA,
    WW_CONNECTOR_ABI_MINOR + TEST_ABI_MINOR_DELTA,
    "scripted",
    "1.0.0",
    "Scripted connector for the host's tests",
    WW_PLATFORM_OTHER,
#ifdef TEST_LAX_SCHEMA
    "{\"type\":\"object\"}",
#else
    "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
    "\"count\":{\"type\":\"integer\"},\"text\":{\"type\":\"string\"},"
    "\"fail_create\":{\"enum\":[\"config\",\"transient\",\"fatal\"]},"
    "\"transient_every\":{\"type\":\"integer\"},"
    "\"fatal_at\":{\"type\":\"integer\"},"
    "\"ok_empty_at\":{\"type\":\"integer\"},"
    "\"idle\":{\"type\":\"boolean\"},"
    "\"ignore_checkpoint\":{\"type\":\"boolean\"}}}",
#endif
    create,
    get_create_error,
    next_batch,
    last_error,
    destroy,
};

static const ww_connector_descriptor* entry(void) { return &descriptor; }

WW_CONNECTOR_EXPORT_C(entry)
