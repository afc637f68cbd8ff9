/*
 * Reading the test plugins' configurations: a deliberately tiny parser that
 * looks for "key": value in the JSON text, which is enough for tests and
 * keeps the plugins free of dependencies. Static functions, for inclusion
 * in one C file each.
 */
#ifndef WILDWATCH_HOST_PLUGIN_TESTDATA_CONFIG_SCAN_H_
#define WILDWATCH_HOST_PLUGIN_TESTDATA_CONFIG_SCAN_H_

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Finds "key": in json and returns a pointer just past the colon, or NULL. */
static const char* find_key(const char* json, const char* key) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\"", key);
  const char* at = strstr(json, pattern);
  if (at == NULL) return NULL;
  at = strchr(at + strlen(pattern), ':');
  return at == NULL ? NULL : at + 1;
}

static long int_value(const char* json, const char* key, long fallback) {
  const char* v = find_key(json, key);
  return v == NULL ? fallback : strtol(v, NULL, 10);
}

/* Copies the string value of key into out; returns 1 if present. */
static int string_value(const char* json, const char* key, char* out,
                        size_t size) {
  const char* v = find_key(json, key);
  if (v == NULL) return 0;
  v = strchr(v, '"');
  if (v == NULL) return 0;
  const char* end = strchr(v + 1, '"');
  if (end == NULL) return 0;
  size_t n = (size_t)(end - v - 1);
  if (n >= size) n = size - 1;
  memcpy(out, v + 1, n);
  out[n] = '\0';
  return 1;
}

#endif /* WILDWATCH_HOST_PLUGIN_TESTDATA_CONFIG_SCAN_H_ */
