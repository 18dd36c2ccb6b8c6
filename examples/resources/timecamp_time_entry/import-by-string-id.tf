import {
  to = timecamp_time_entry.kickoff
  id = "1200000:2026-03-02:260000123"
}
