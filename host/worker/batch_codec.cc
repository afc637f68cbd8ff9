#include "host/worker/batch_codec.h"

#include <utility>

namespace wildwatch {

void EncodeBatch(const BatchResult& batch, worker::Batch* out) {
  out->set_status(batch.status);
  out->set_error(batch.error);
  if (batch.checkpoint) out->set_checkpoint(*batch.checkpoint);
  out->mutable_posts()->Reserve(static_cast<int>(batch.posts.size()));
  for (const Post& p : batch.posts) {
    worker::Post* w = out->add_posts();
    w->set_id(p.id);
    w->set_platform(p.platform);
    w->set_url(p.url);
    w->set_author(p.author);
    w->set_author_id(p.author_id);
    w->set_created_at_ms(p.created_at_ms);
    w->set_title(p.title);
    w->set_text(p.text);
    w->set_lang(p.lang);
    for (const auto& [key, value] : p.attributes) {
      worker::Attribute* a = w->add_attributes();
      a->set_key(key);
      a->set_value(value);
    }
    w->set_raw(p.raw);
  }
}

BatchResult DecodeBatch(worker::Batch* batch) {
  BatchResult r;
  r.status = batch->status();
  r.error = std::move(*batch->mutable_error());
  if (batch->has_checkpoint()) {
    r.checkpoint = std::move(*batch->mutable_checkpoint());
  }
  r.posts.reserve(batch->posts_size());
  for (worker::Post& w : *batch->mutable_posts()) {
    Post& p = r.posts.emplace_back();
    p.id = std::move(*w.mutable_id());
    p.platform = std::move(*w.mutable_platform());
    p.url = std::move(*w.mutable_url());
    p.author = std::move(*w.mutable_author());
    p.author_id = std::move(*w.mutable_author_id());
    p.created_at_ms = w.created_at_ms();
    p.title = std::move(*w.mutable_title());
    p.text = std::move(*w.mutable_text());
    p.lang = std::move(*w.mutable_lang());
    p.attributes.reserve(w.attributes_size());
    for (worker::Attribute& a : *w.mutable_attributes()) {
      p.attributes.emplace_back(std::move(*a.mutable_key()),
                                std::move(*a.mutable_value()));
    }
    p.raw = std::move(*w.mutable_raw());
  }
  return r;
}

}  // namespace wildwatch
