/*
 * A connector that misbehaves on purpose, for the host's isolation tests and
 * bench/chaos. It emits `count` numbered posts ("b<n>", text from "text")
 * like a healthy connector until the misbehaviour its "mode" names:
 *
 *   {"mode": "segfault", "crash_at": 50}   dereferences NULL when reaching
 *                                          post 50, every time it gets there
 *   {"mode": "hang", "crash_at": 50}       never returns from next_batch
 *                                          once it reaches post 50
 *   {"mode": "leak", "leak_kib": 4096}     allocates and touches leak_kib
 *                                          KiB on every next_batch, never
 *                                          frees them, and aborts when an
 *                                          allocation fails
 *   {"mode": "invalid_utf8"}               every text, title and author
 *                                          carries bytes that are not UTF-8
 *
 * After its last post it answers NO_DATA. The checkpoint is the decimal
 * index of the next post. Written in C against <wildwatch/connector.h>;
 * the configuration is read with config_scan.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_scan.h"
#include "wildwatch/connector.h"

enum mode { kNone, kSegfault, kHang, kLeak, kInvalidUtf8 };

struct leak {
  struct leak* next;
};

struct ww_instance {
  enum mode mode;
  long count, next, crash_at, leak_kib;
  struct leak* leaked;
  char text[200];
  ww_post posts[64];
  char ids[64][32];
  char texts[64][256];
  char checkpoint[32];
};

static _Thread_local char create_error[128];

static ww_status create(const char* config, const uint8_t* checkpoint,
                        uint64_t checkpoint_size, const ww_host_api* host,
                        ww_instance** out) {
  (void)host;
  ww_instance* self = calloc(1, sizeof *self);
  if (self == NULL) {
    snprintf(create_error, sizeof create_error, "out of memory");
    return WW_STATUS_FATAL_ERROR;
  }
  char mode[32] = "";
  string_value(config, "mode", mode, sizeof mode);
  self->mode = strcmp(mode, "segfault") == 0       ? kSegfault
               : strcmp(mode, "hang") == 0         ? kHang
               : strcmp(mode, "leak") == 0         ? kLeak
               : strcmp(mode, "invalid_utf8") == 0 ? kInvalidUtf8
                                                   : kNone;
  self->count = int_value(config, "count", 1000);
  self->crash_at = int_value(config, "crash_at", 0);
  self->leak_kib = int_value(config, "leak_kib", 1024);
  if (!string_value(config, "text", self->text, sizeof self->text)) {
    self->text[0] = '\0';
  }
  if (checkpoint != NULL && checkpoint_size > 0 && checkpoint_size < 32) {
    char buf[32];
    memcpy(buf, checkpoint, checkpoint_size);
    buf[checkpoint_size] = '\0';
    self->next = strtol(buf, NULL, 10);
  }
  *out = self;
  return WW_STATUS_OK;
}

static const char* get_create_error(void) { return create_error; }

static void leak_more(ww_instance* self) {
  const size_t size = (size_t)self->leak_kib << 10;
  struct leak* block = malloc(size);
  if (block == NULL) abort(); /* As xmalloc does. */
  memset(block, 0xab, size);  /* Touched, so it is resident. */
  block->next = self->leaked;
  self->leaked = block;
}

static ww_status next_batch(ww_instance* self, uint32_t max_posts,
                            uint32_t timeout_ms, ww_batch* batch) {
  (void)timeout_ms;
  batch->posts = NULL;
  batch->post_count = 0;
  if (self->mode == kLeak) leak_more(self);
  uint32_t n = 0;
  while (n < max_posts && n < 64 && self->next < self->count) {
    if (self->next == self->crash_at && self->mode == kSegfault) {
      volatile int* volatile nowhere = NULL;
      *nowhere = 1;
    }
    if (self->next == self->crash_at && self->mode == kHang) {
      for (;;) pause();
    }
    ww_post* p = &self->posts[n];
    memset(p, 0, sizeof *p);
    p->struct_size = sizeof *p;
    snprintf(self->ids[n], sizeof self->ids[n], "b%ld", self->next);
    if (self->mode == kInvalidUtf8) {
      /* A lone continuation byte, an overlong form and a cut sequence. */
      snprintf(self->texts[n], sizeof self->texts[n],
               "\x80%s \xc0\xaf %ld \xe2", self->text, self->next);
      p->title = "\xff\xfe title";
      p->author = "seller\xed\xa0\x80";
    } else {
      snprintf(self->texts[n], sizeof self->texts[n], "%s %ld", self->text,
               self->next);
    }
    p->id = self->ids[n];
    p->text = self->texts[n];
    p->text_size = strlen(self->texts[n]);
    p->created_at_ms = WW_TIME_UNKNOWN;
    self->next++;
    n++;
  }
  snprintf(self->checkpoint, sizeof self->checkpoint, "%ld", self->next);
  batch->checkpoint = (const uint8_t*)self->checkpoint;
  batch->checkpoint_size = strlen(self->checkpoint);
  batch->posts = self->posts;
  batch->post_count = n;
  return n > 0 ? WW_STATUS_OK : WW_STATUS_NO_DATA;
}

static const char* last_error(ww_instance* self) {
  (void)self;
  return "";
}

static void destroy(ww_instance* self) {
  while (self->leaked != NULL) {
    struct leak* next = self->leaked->next;
    free(self->leaked);
    self->leaked = next;
  }
  free(self);
}

static const ww_connector_descriptor descriptor = {
    sizeof(ww_connector_descriptor),
    WW_CONNECTOR_ABI_MAJOR,
    WW_CONNECTOR_ABI_MINOR,
    "misbehaving",
    "1.0.0",
    "A connector that crashes, hangs, leaks or emits invalid UTF-8 on purpose",
    WW_PLATFORM_OTHER,
    "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
    "\"mode\":{\"enum\":[\"none\",\"segfault\",\"hang\",\"leak\","
    "\"invalid_utf8\"]},"
    "\"count\":{\"type\":\"integer\"},\"crash_at\":{\"type\":\"integer\"},"
    "\"leak_kib\":{\"type\":\"integer\"},\"text\":{\"type\":\"string\"}}}",
    create,
    get_create_error,
    next_batch,
    last_error,
    destroy,
};

static const ww_connector_descriptor* entry(void) { return &descriptor; }

WW_CONNECTOR_EXPORT_C(entry)
