#!/usr/bin/env bash
# Fetch the official IOI packages the tests read, from their public repositories,
# into DIR (default: shared/ beside the checkout, where the tests look; elsewhere,
# point JUDGE_TEST_DATA at DIR). Needs git and network access to GitHub.
#   bash deploy/fetch-test-data.sh [DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$(dirname "$root")/shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# zip_task SRC_DIR ZIP NAME: ZIP holds SRC_DIR's files under NAME/ (as the tests expect).
zip_task() {
  rm -rf "$tmp/stage" && mkdir -p "$tmp/stage" && cp -r "$1" "$tmp/stage/$3"
  (cd "$tmp/stage" && python3 -m zipfile -c "$2" "$3")
}

# IOI 2024 (CMS format), repository ioi-2024/tasks.
git clone --quiet --depth 1 https://github.com/ioi-2024/tasks "$tmp/ioi2024"
mkdir -p "$dest/ioi2024"
for task in aplusb machine message; do
  dir=$(dirname "$(find "$tmp/ioi2024" -path "*/$task/problem.json" | head -n 1)")
  zip_task "$dir" "$dest/ioi2024/$task-CMS.zip" "$task"
done

# IOI 2025 (CMS export) and IOI 2017 (TPS), repository ioi/task-archive.
git clone --quiet --depth 1 --filter=blob:none --sparse https://github.com/ioi/task-archive \
  "$tmp/archive"
git -C "$tmp/archive" sparse-checkout set 2025/day1/souvenirs 2025/day1/triples \
  2025/day1/worldmap 2025/day2/migrations "2017/Day1/Wiring" "2017/Day1/Nowruz" \
  "2017/Day2/The Big Prize"
mkdir -p "$dest/ioi2025" "$dest/ioi2017-tps"
for path in day1/souvenirs day1/triples day1/worldmap day2/migrations; do
  task=$(basename "$path")
  zip_task "$tmp/archive/2025/$path" "$dest/ioi2025/$task.zip" "$task"
done
zip_task "$tmp/archive/2017/Day1/Wiring/Test Data and Grading" "$dest/ioi2017-tps/wiring.zip" wiring
zip_task "$tmp/archive/2017/Day1/Nowruz/Test Data and Grading" "$dest/ioi2017-tps/nowruz.zip" nowruz
zip_task "$tmp/archive/2017/Day2/The Big Prize/Test Data and Grading" \
  "$dest/ioi2017-tps/the_big_prize.zip" the_big_prize
echo "fetch-test-data: IOI packages in $dest"
