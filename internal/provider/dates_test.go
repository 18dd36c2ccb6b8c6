package provider

import (
	"strings"
	"testing"
)

func TestCheckDate(t *testing.T) {
	for _, s := range []string{"2024-01-31", "2024-02-29", "2025-12-31", "2000-02-29"} {
		if err := checkDate(s); err != nil {
			t.Errorf("checkDate(%q): %v", s, err)
		}
	}
	for s, want := range map[string]string{
		// Written the wrong way: the message is about the format.
		"":                    `"" is not a date written YYYY-MM-DD (for example 2024-01-31)`,
		"2024-1-31":           `"2024-1-31" is not a date written YYYY-MM-DD`,
		"31.01.2024":          `"31.01.2024" is not a date written YYYY-MM-DD`,
		"2024-01-31T00:00:00": `"2024-01-31T00:00:00" is not a date written YYYY-MM-DD`,
		// Written the right way, but no such day: the message is about the calendar.
		"2025-02-30": "2025-02-30 is not a day in the calendar: February 2025 has 28 days (01 to 28)",
		"2025-02-29": "2025-02-29 is not a day in the calendar: February 2025 has 28 days",
		"2024-02-30": "2024-02-30 is not a day in the calendar: February 2024 has 29 days",
		"2024-04-31": "2024-04-31 is not a day in the calendar: April 2024 has 30 days",
		"2024-01-00": "2024-01-00 is not a day in the calendar: January 2024 has 31 days (01 to 31)",
		"2024-13-01": "2024-13-01 is not a day in the calendar: there is no month 13 (months run from 01 to 12)",
		"2024-00-10": "there is no month 00",
	} {
		err := checkDate(s)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("checkDate(%q) = %v, want %q", s, err, want)
		}
		if isDate(s) {
			t.Errorf("isDate(%q) = true", s)
		}
	}
}
