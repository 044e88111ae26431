// The measure vocabulary: every enum round-trips through its text, every type has a Swedish
// label, and the workflow allows exactly one step forward or cancelling before a final state.
#include "domain/measure.h"

#include <gtest/gtest.h>

namespace lagesbild {
namespace {

TEST(Measure, EveryTypeRoundTripsAndHasASwedishLabel) {
  EXPECT_EQ(all_measure_types().size(), 9u);
  for (MeasureType t : all_measure_types()) {
    EXPECT_EQ(measure_type_from_string(to_string(t)), t);
    EXPECT_FALSE(swedish_label(t).empty()) << to_string(t);
  }
  EXPECT_EQ(swedish_label(MeasureType::safety_hosts), "Trygghetsvärdar");
  EXPECT_FALSE(measure_type_from_string("Belysning")) << "labels are not codes";
  for (auto s : {ObservationType::lighting, ObservationType::damaged_property}) {
    EXPECT_EQ(observation_type_from_string(to_string(s)), s);
  }
  EXPECT_EQ(activity_status_from_string("done"), ActivityStatus::done);
}

TEST(Measure, TheWorkflowAllowsOneStepForwardOrCancellingBeforeTheEnd) {
  using S = MeasureStatus;
  const S order[] = {S::proposed, S::decided, S::ongoing, S::completed, S::evaluated};
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 5; ++j) {
      EXPECT_EQ(may_follow(order[i], order[j]), j == i + 1)
          << to_string(order[i]) << " -> " << to_string(order[j]);
    }
    EXPECT_EQ(may_follow(order[i], S::cancelled), order[i] != S::evaluated);
    EXPECT_FALSE(may_follow(S::cancelled, order[i]));
  }
  EXPECT_TRUE(is_final(S::evaluated));
  EXPECT_TRUE(is_final(S::cancelled));
  EXPECT_FALSE(is_final(S::completed));
}

}  // namespace
}  // namespace lagesbild
