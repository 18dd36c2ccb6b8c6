package timecamptest

import "time"

// The time entry of a timer, kept in the entries store (entries.go). A timer's entry starts with
// duration 0 and a time frame of start-start; stopping gives it its end and duration. An entry
// must end on its own day (entries.go), so a timer stopped after midnight fills its entry up to
// 23:59:59 of the start day; the stop reply's elapsed still counts every second, and its
// entry_time is the duration the entry got. An entry deleted while its timer runs stays deleted.

// startTimerEntry creates the entry of timer t, starting at start, and returns its id.
func (e *Emulator) startTimerEntry(t *TimerRecord, start time.Time, note *string) int64 {
	clock := clockPtr(secondsOfDay(start))
	rec := EntryRecord{UserID: t.UserID, TaskID: t.TaskID, Date: start.Format(time.DateOnly),
		StartTime: clock, EndTime: cloneStr(clock)}
	if note != nil {
		rec.Note = *note
	}
	return e.insertEntry(rec).ID
}

// stopTimerEntry gives the entry of timer t the time it ran, and returns the entry's duration.
func (e *Emulator) stopTimerEntry(t *TimerRecord, elapsed int64) int64 {
	rec, ok := e.acct.entries.byID[t.EntryID]
	if !ok || rec.StartTime == nil {
		return elapsed
	}
	start, _ := parseClock(*rec.StartTime)
	end := min(start+elapsed, secondsPerDay-1)
	rec.EndTime, rec.Duration = clockPtr(end), end-start
	rec.LastModify = e.timestamp()
	return rec.Duration
}

// discardTimerEntry deletes the entry of a discarded timer (unless it was locked meanwhile).
func (e *Emulator) discardTimerEntry(t *TimerRecord) {
	if rec, ok := e.acct.entries.byID[t.EntryID]; ok && !rec.Locked {
		delete(e.acct.entries.byID, t.EntryID)
	}
}

// timerEntryNote is the note of timer t's entry; nil when the entry has none (or is gone).
func (e *Emulator) timerEntryNote(t *TimerRecord) any {
	if rec, ok := e.acct.entries.byID[t.EntryID]; ok && rec.Note != "" {
		return rec.Note
	}
	return nil
}

// timerEntryBillable says whether timer t's entry is billable.
func (e *Emulator) timerEntryBillable(t *TimerRecord) bool {
	rec, ok := e.acct.entries.byID[t.EntryID]
	return ok && rec.Billable
}

func secondsOfDay(t time.Time) int64 {
	return int64(t.Hour()*3600 + t.Minute()*60 + t.Second())
}
