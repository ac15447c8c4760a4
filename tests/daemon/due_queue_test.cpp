// The order a node polls its due sources in (daemon/due_queue.hpp): the most overdue first,
// and a source another node held keeps its place for when it is looked at again.
#include "headlined/daemon/due_queue.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace headlined::daemon {
namespace {

std::vector<std::string> drain(DueQueue& queue) {
  std::vector<std::string> order;
  while (auto name = queue.pop()) {
    order.push_back(*name);
    queue.forget(*name);
  }
  return order;
}

TEST(DueQueue, ServesTheMostOverdueFirstAndTiesInTheOrderQueued) {
  DueQueue queue;
  queue.push("fresh", 300);
  queue.push("overdue", 100);
  queue.push("b", 200);
  queue.push("a", 200);
  EXPECT_EQ(queue.size(), 4u);
  EXPECT_EQ(drain(queue), (std::vector<std::string>{"overdue", "b", "a", "fresh"}));
  EXPECT_TRUE(queue.empty());
  EXPECT_FALSE(queue.pop().has_value());
}

TEST(DueQueue, ASourceAlreadyQueuedIsNotQueuedTwice) {
  DueQueue queue;
  queue.push("a", 100);
  queue.push("a", 50);
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_EQ(drain(queue), (std::vector<std::string>{"a"}));
}

// The case of a node that died mid-poll: its source, due long ago, is held (its lease not yet
// expired) each time a survivor's worker reaches it, and is re-queued a second later with a
// later recheck time, while the survivor queues the sources that fell due meanwhile.
TEST(DueQueue, ASourceHeldElsewhereKeepsItsPlaceWhenQueuedAgain) {
  DueQueue queue;
  queue.push("orphan", 100);
  queue.push("other", 150);
  EXPECT_EQ(queue.pop(), "orphan");  // held by another node: not forgotten
  queue.push("later-1", 160);
  queue.push("later-2", 170);
  queue.push("orphan", 181);  // looked at again a second later
  EXPECT_EQ(drain(queue), (std::vector<std::string>{"orphan", "other", "later-1", "later-2"}));
}

TEST(DueQueue, APolledSourceTakesANewPlaceNextTime) {
  DueQueue queue;
  queue.push("a", 100);
  queue.push("b", 200);
  EXPECT_EQ(queue.pop(), "a");
  queue.forget("a");  // polled
  queue.push("a", 300);
  EXPECT_EQ(drain(queue), (std::vector<std::string>{"b", "a"}));
}

}  // namespace
}  // namespace headlined::daemon
