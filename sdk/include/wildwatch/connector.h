/*
 * Wildwatch connector ABI, version 1.
 *
 * A connector is a shared library that reads posts from one platform (a
 * marketplace, a chat export, a mail archive, ...) and hands them to the
 * Wildwatch host in batches. This header is the whole contract between the
 * two: plain C, fixed-width integers, explicitly numbered enums and text.
 * No C++ type and no exception ever crosses it. Partners normally write
 * connectors in C++ with <wildwatch/connector.hpp>, which implements this
 * ABI for them; a connector written in C includes only this file.
 *
 * The usual sequence, all driven by the host:
 *
 *   entry = <library>.wildwatch_connector_entry     (exported symbol)
 *   d = entry()                                      (descriptor, static)
 *   host checks d->abi_major / d->abi_minor against its own version
 *   host validates the instance's configuration against d->config_schema
 *   status = d->create(config, checkpoint, host, &instance)
 *   loop:
 *     status = d->next_batch(instance, max_posts, timeout_ms, &batch)
 *     host matches batch.posts, then durably stores the matches together
 *     with batch.checkpoint in one transaction
 *   d->destroy(instance)
 *
 * Memory rule, for every function below: the side that allocates frees.
 * Everything a connector returns (descriptor, batch, posts, strings,
 * checkpoint, error text) is owned by the connector. A batch and everything
 * it points to stays valid until the next call of next_batch or destroy on
 * the same instance; the descriptor stays valid until the library is
 * unloaded. Everything the host passes in is owned by the host and is valid
 * only for the duration of the call, except the ww_host_api table, which
 * stays valid until destroy returns.
 *
 * Threads: the host calls the functions of one instance from one thread at a
 * time (never concurrently), but different instances of the same connector
 * may be driven from different threads at once. Host callbacks may be called
 * from any thread.
 *
 * Evolution: every struct that crosses the boundary starts with its own size
 * (struct_size), so either side can tell which fields the other knows.
 * Fields and function slots are only ever appended at the end; enum numbers
 * are never reused. A reader must check struct_size before touching a field
 * that was appended after version 1.0. The first three fields of
 * ww_connector_descriptor (struct_size, abi_major, abi_minor) keep their
 * offsets in every future major version, so a host can always read them.
 *
 * Compatibility, enforced by the host's loader: a plugin loads only if its
 * abi_major equals the host's and its abi_minor is not greater than the
 * host's.
 */
#ifndef WILDWATCH_CONNECTOR_H_
#define WILDWATCH_CONNECTOR_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version this header describes. A minor bump appends fields or
 * slots; a major bump is an incompatible change. */
#define WW_CONNECTOR_ABI_MAJOR 1
#define WW_CONNECTOR_ABI_MINOR 0
#define WW_CONNECTOR_ABI_PATCH 0

/* Name of the exported entry symbol. It is a data symbol holding a pointer
 * to a function of type ww_connector_entry_fn, the layout Boost.DLL's
 * BOOST_DLL_ALIAS produces (the C++ layer uses exactly that). A C connector
 * exports it with WW_CONNECTOR_EXPORT_C below. */
#define WW_CONNECTOR_ENTRY_SYMBOL "wildwatch_connector_entry"

/* Booleans cross the boundary as fixed-width integers: 0 false, 1 true. */
typedef uint8_t ww_bool;

/* Result of create and next_batch. Numbers are part of the ABI. */
typedef int32_t ww_status;
/* A batch with at least one post was returned. */
#define WW_STATUS_OK ((ww_status)0)
/* Nothing new yet; the host calls again later. The batch has no posts. */
#define WW_STATUS_NO_DATA ((ww_status)1)
/* The source is exhausted and will never produce another post (a finished
 * export file, say). The batch has no posts. */
#define WW_STATUS_END_OF_STREAM ((ww_status)2)
/* The configuration cannot work (bad path, bad credentials). Retrying will
 * not help; the host stops the instance and reports the error. */
#define WW_STATUS_CONFIG_ERROR ((ww_status)3)
/* A failure that may go away (network down, HTTP 503). The host retries
 * the same call after a jittered exponential backoff. */
#define WW_STATUS_TRANSIENT_ERROR ((ww_status)4)
/* The instance is broken for good; the host stops it. */
#define WW_STATUS_FATAL_ERROR ((ww_status)5)

/* The kind of platform a connector reads, for reports and filters. */
typedef int32_t ww_platform_kind;
#define WW_PLATFORM_OTHER ((ww_platform_kind)0)
#define WW_PLATFORM_MARKETPLACE ((ww_platform_kind)1)
#define WW_PLATFORM_SOCIAL ((ww_platform_kind)2)
#define WW_PLATFORM_CHAT ((ww_platform_kind)3)
#define WW_PLATFORM_FORUM ((ww_platform_kind)4)
#define WW_PLATFORM_EMAIL ((ww_platform_kind)5)
#define WW_PLATFORM_DARKWEB ((ww_platform_kind)6)
#define WW_PLATFORM_P2P ((ww_platform_kind)7)

/* Log levels for ww_host_api.log. */
typedef int32_t ww_log_level;
#define WW_LOG_DEBUG ((ww_log_level)0)
#define WW_LOG_INFO ((ww_log_level)1)
#define WW_LOG_WARN ((ww_log_level)2)
#define WW_LOG_ERROR ((ww_log_level)3)

/* Sentinel for an unknown time in ww_post.created_at_ms. */
#define WW_TIME_UNKNOWN INT64_MIN

/* One key/value attribute of a post (price, currency, location, ...). Both
 * strings are NUL-terminated UTF-8 and never null. */
typedef struct ww_attribute {
  const char* key;
  const char* value;
} ww_attribute;

/* One post, message, listing or mail as the connector captured it.
 * Strings are NUL-terminated UTF-8. "May be null" means the source does not
 * have that field; the host treats null and "" alike. */
typedef struct ww_post {
  uint32_t struct_size; /* sizeof(ww_post) as the connector was built. */
  /* Platform post id, unique within the connector instance. Never null,
   * never empty. Together with the instance name it identifies the post:
   * the host derives match identity from it, so re-reading a post after a
   * restart must yield the same id. */
  const char* id;
  const char* url;       /* May be null. Permalink of the post. */
  const char* author;    /* May be null. Author's handle or display name. */
  const char* author_id; /* May be null. Stable platform id of the author. */
  /* Milliseconds since the Unix epoch, UTC, or WW_TIME_UNKNOWN. */
  int64_t created_at_ms;
  const char* title; /* May be null. Listing title, mail subject, ... */
  /* The text to scan, UTF-8, text_size bytes, not necessarily
   * NUL-terminated. May be null only when text_size is 0. */
  const char* text;
  uint64_t text_size;
  const char* lang; /* May be null. BCP 47 language hint, e.g. "vi". */
  /* May be null. Overrides the instance's platform label for this post,
   * for sources that mix platforms (a JSONL dump of several sites). */
  const char* platform;
  /* attribute_count entries; may be null when attribute_count is 0. */
  const ww_attribute* attributes;
  uint32_t attribute_count;
  /* The post exactly as captured (JSON object, mail message, export line):
   * the evidence whose SHA-256 the host records with every match. May be
   * null only when raw_size is 0, in which case the host hashes the text. */
  const uint8_t* raw;
  uint64_t raw_size;
} ww_post;

/* What next_batch returns. */
typedef struct ww_batch {
  uint32_t struct_size; /* Set by the host before the call. */
  /* post_count posts; null when post_count is 0. */
  const ww_post* posts;
  uint32_t post_count;
  /* Opaque position that follows the last post of this batch. The host
   * stores it atomically with the batch's matches and passes it back to
   * create after a restart, so a connector resumes exactly after the last
   * batch the host committed. May be null (checkpoint unchanged). With
   * WW_STATUS_NO_DATA or WW_STATUS_END_OF_STREAM a connector may still set
   * it, to move past input that produced no posts (skipped lines). */
  const uint8_t* checkpoint;
  uint64_t checkpoint_size;
} ww_batch;

/* Services the host offers a connector instance. Owned by the host; valid
 * until destroy returns. Every function may be called from any thread. */
typedef struct ww_host_api {
  uint32_t struct_size;
  /* Opaque; pass back as the first argument of every callback. */
  void* host_ctx;
  /* Writes message (NUL-terminated UTF-8, copied by the host) to the host's
   * structured log, tagged with the instance name. */
  void (*log)(void* host_ctx, ww_log_level level, const char* message);
  /* Adds delta to the named counter of this instance (e.g.
   * "malformed_items"), shown by `wildwatch connectors`. name is copied. */
  void (*add_counter)(void* host_ctx, const char* name, uint64_t delta);
} ww_host_api;

/* Opaque state of one running connector instance, created by create and
 * freed by destroy. */
typedef struct ww_instance ww_instance;

/* The descriptor a connector library exports. Static: owned by the library,
 * valid while it is loaded, never modified. */
typedef struct ww_connector_descriptor {
  /* sizeof(ww_connector_descriptor) as the connector was built. These three
   * fields never move, in any ABI version. */
  uint32_t struct_size;
  uint32_t abi_major; /* WW_CONNECTOR_ABI_MAJOR the connector was built with */
  uint32_t abi_minor; /* WW_CONNECTOR_ABI_MINOR the connector was built with */

  /* Short lowercase name, e.g. "jsonl", "telegram". Never null. */
  const char* name;
  /* The connector's own version, e.g. "1.2.0". Never null. */
  const char* version;
  /* One sentence for `wildwatch connectors`. Never null. */
  const char* description;
  ww_platform_kind platform_kind;
  /* JSON Schema (draft 2020-12 subset: type, properties, required,
   * additionalProperties, items, enum, minimum, maximum, minLength,
   * minItems, default, and the annotations $schema, $id, $comment, title,
   * description, examples) of the configuration object create accepts. Never
   * null. The host validates every instance's configuration against it before
   * calling create, so unknown keys and wrong types are reported early. */
  const char* config_schema;

  /* create
   * Required: yes.
   * Arguments:
   *   config_json: NUL-terminated JSON object, already validated against
   *     config_schema. Never null.
   *   checkpoint, checkpoint_size: the last checkpoint the host committed
   *     for this instance, or null/0 when it has none (first start).
   *   host: the host's services; valid until destroy returns. Never null.
   *   instance_out: never null. On WW_STATUS_OK set to the new instance; on
   *     any other status set to null.
   * Return value: WW_STATUS_OK, or WW_STATUS_CONFIG_ERROR,
   *   WW_STATUS_TRANSIENT_ERROR or WW_STATUS_FATAL_ERROR, in which case
   *   create_error() describes the failure.
   * Concurrency: may be called concurrently from different threads. */
  ww_status (*create)(const char* config_json, const uint8_t* checkpoint,
                      uint64_t checkpoint_size, const ww_host_api* host,
                      ww_instance** instance_out);

  /* create_error
   * Required: yes.
   * Return value: the message of the last failed create on the calling
   *   thread, NUL-terminated, never null ("" if none). Owned by the
   *   connector; valid until the next create on the same thread. */
  const char* (*create_error)(void);

  /* next_batch
   * Required: yes.
   * Arguments:
   *   instance: from create; never null.
   *   max_posts: the batch may hold at most this many posts (>= 1).
   *   timeout_ms: the connector may block up to this long waiting for new
   *     data before returning WW_STATUS_NO_DATA. It should return sooner
   *     when it has posts.
   *   batch_out: never null; struct_size set by the host, every other field
   *     filled by the connector whatever the status (zeroed when unused).
   * Return value: WW_STATUS_OK with 1..max_posts posts (OK with zero posts
   *   is a protocol error the host reports); WW_STATUS_NO_DATA;
   *   WW_STATUS_END_OF_STREAM; or an error status, with last_error set.
   * Ownership: the batch memory belongs to the connector and stays valid
   *   until the next next_batch or destroy on this instance.
   * Concurrency: never called concurrently for one instance. */
  ww_status (*next_batch)(ww_instance* instance, uint32_t max_posts,
                          uint32_t timeout_ms, ww_batch* batch_out);

  /* last_error
   * Required: yes.
   * Return value: describes the last error status returned for instance,
   *   NUL-terminated, never null ("" if none). Owned by the connector; valid
   *   until the next call on the same instance. */
  const char* (*last_error)(ww_instance* instance);

  /* destroy
   * Required: yes.
   * Arguments: instance from create; null is allowed and does nothing.
   * Frees the instance and everything it returned. The host calls it once
   * per successful create, before it unloads the library. */
  void (*destroy)(ww_instance* instance);
} ww_connector_descriptor;

/* Type of the function the entry symbol points to. It returns the static
 * descriptor and must not fail (never null). */
typedef const ww_connector_descriptor* (*ww_connector_entry_fn)(void);

/* Exports the entry symbol from a connector written in C, with the same
 * layout BOOST_DLL_ALIAS produces:
 *   static const ww_connector_descriptor* my_entry(void) { return &desc; }
 *   WW_CONNECTOR_EXPORT_C(my_entry)
 */
#define WW_CONNECTOR_EXPORT_C(entry_fn)         \
  __attribute__((visibility("default")))        \
  const void* const wildwatch_connector_entry = \
      (const void*)(ww_connector_entry_fn)(entry_fn);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WILDWATCH_CONNECTOR_H_ */
