# TimeCamp finds an entry only in the list of its day, so the import id names the day too:
# <user_id>:<date>:<entry_id>, or <date>:<entry_id> for an entry of the token's user.
terraform import timecamp_time_entry.kickoff 1200000:2026-03-02:260000123
terraform import timecamp_time_entry.email 2026-03-02:260000125
