// ActiveRules: the rule set currently in force, swapped atomically on reload.
//
// Connector processors take a reference with Get() once per batch, so a
// reload never changes the rules in the middle of a batch, and an old
// RuleSet stays alive until the last batch using it is done.
// Safe for concurrent use without external locking.

#ifndef WILDWATCH_HOST_CONNECTOR_ACTIVE_RULES_H_
#define WILDWATCH_HOST_CONNECTOR_ACTIVE_RULES_H_

#include <memory>
#include <mutex>
#include <utility>

#include "host/rules/rule_set.h"

namespace wildwatch {

class ActiveRules {
 public:
  explicit ActiveRules(std::shared_ptr<const rules::RuleSet> initial)
      : rules_(std::move(initial)) {}

  // Never null once constructed with a non-null set.
  std::shared_ptr<const rules::RuleSet> Get() const {
    std::lock_guard lock(mu_);
    return rules_;
  }

  // REQUIRES: rules != nullptr.
  void Set(std::shared_ptr<const rules::RuleSet> rules) {
    std::lock_guard lock(mu_);
    rules_ = std::move(rules);
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const rules::RuleSet> rules_;  // Guarded by mu_.
};

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_CONNECTOR_ACTIVE_RULES_H_
