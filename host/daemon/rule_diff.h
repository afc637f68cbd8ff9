// DiffRuleSets: what changed between two rule sets, for the audit log.
//
// Taxa are compared by id: present only after (added), only before
// (removed), or in both with any field or rule different (changed). A plain
// function of immutable inputs; thread-safe.

#ifndef WILDWATCH_HOST_DAEMON_RULE_DIFF_H_
#define WILDWATCH_HOST_DAEMON_RULE_DIFF_H_

#include "host/rules/rule_set.h"
#include "host/store/rule_registry.h"

namespace wildwatch {

// The change from before to after. before may be null (nothing was active):
// every taxon of after is then added and rules_before is 0. Each id list is
// sorted.
RuleChange DiffRuleSets(const rules::RuleSet* before,
                        const rules::RuleSet& after);

}  // namespace wildwatch

#endif  // WILDWATCH_HOST_DAEMON_RULE_DIFF_H_
