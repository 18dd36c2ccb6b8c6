package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Calendar dates written YYYY-MM-DD, as TimeCamp takes and gives them: the validator of date
// attributes (dateValidator) and the parsers of import ids share these, so that all of them say
// the same thing about the same mistake.

var datePattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// checkDate says why s is not a calendar date written YYYY-MM-DD, or returns nil. A date in the
// right format that the calendar does not have (2025-02-30, 2025-13-01) is told apart from a
// wrong format, so that the message points at the day, not at the way it is written.
func checkDate(s string) error {
	if !datePattern.MatchString(s) {
		return fmt.Errorf("%q is not a date written YYYY-MM-DD (for example 2024-01-31)", s)
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return nil
	}
	year, _ := strconv.Atoi(s[:4])
	month, _ := strconv.Atoi(s[5:7])
	if month < 1 || month > 12 {
		return fmt.Errorf("%s is not a day in the calendar: there is no month %s (months run from 01 to 12)", s, s[5:7])
	}
	days := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return fmt.Errorf("%s is not a day in the calendar: %s %04d has %d days (01 to %d)", s, time.Month(month), year, days, days)
}

// isDate reports a calendar date written YYYY-MM-DD.
func isDate(s string) bool { return checkDate(s) == nil }
