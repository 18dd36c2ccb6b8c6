package provider

import (
	"fmt"
	"math"
	"strconv"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// A task's budget is written in Terraform as hours (budget_unit "hours") or as an amount of money
// (budget_unit "fee"). TimeCamp keeps one integer, `budgeted`: seconds for hours (SPEC §5.1), the
// amount itself for fees.

const secondsPerHour = 3600

// maxExactBudget bounds budgets so that every whole number up to it is exact in a float64 (2^53):
// beyond it, hours and seconds could no longer be converted without loss.
const maxExactBudget = 1 << 53

// hoursToSeconds converts a budget in hours to whole seconds. It reports false when hours is not a
// whole number of seconds: then the value read back (seconds/3600) would differ from the one written
// and every plan would show a change. "Whole" is judged the way the value travels: the seconds must
// convert back to exactly the same float64, so 0.1 (360 s) and 20.0/60 (1200 s) are whole, while
// 0.33333 (1199.988 s) is not.
func hoursToSeconds(hours float64) (int64, bool) {
	if math.IsNaN(hours) || math.IsInf(hours, 0) || hours < 0 || hours*secondsPerHour > maxExactBudget {
		return 0, false
	}
	seconds := math.Round(hours * secondsPerHour)
	if secondsToHours(int64(seconds)) != hours {
		return 0, false
	}
	return int64(seconds), true
}

// secondsToHours converts TimeCamp's budget in seconds to hours. Division is correctly rounded, so
// for every s, hoursToSeconds(secondsToHours(s)) == s.
func secondsToHours(seconds int64) float64 {
	return float64(seconds) / secondsPerHour
}

// budgetToAPI converts the budget attribute to TimeCamp's `budgeted` for the given unit. On failure
// it returns the reason, written for a diagnostic on `budget`.
func budgetToAPI(unit string, budget float64) (int64, string) {
	switch {
	case math.IsNaN(budget) || math.IsInf(budget, 0):
		return 0, "budget must be a finite number."
	case budget < 0:
		return 0, fmt.Sprintf("budget = %s is negative; a budget is 0 (none) or more.", formatBudget(budget))
	}
	if unit == timecamp.BudgetUnitFee {
		if budget != math.Trunc(budget) || budget > maxExactBudget {
			return 0, fmt.Sprintf("budget = %s is not a whole amount. With budget_unit = \"fee\" the budget is an amount "+
				"in the account currency, and TimeCamp stores it as a whole number: use, for example, %s.",
				formatBudget(budget), formatBudget(math.Round(budget)))
		}
		return int64(budget), ""
	}
	seconds, ok := hoursToSeconds(budget)
	if !ok {
		if budget*secondsPerHour > maxExactBudget {
			return 0, fmt.Sprintf("budget = %s hours is too large; the largest budget is %d seconds.", formatBudget(budget), int64(maxExactBudget))
		}
		exact := budget * secondsPerHour
		return 0, fmt.Sprintf("budget = %s hours is not a whole number of seconds (%s s). With budget_unit = \"hours\" "+
			"TimeCamp stores the budget in whole seconds, so this value would read back as %s and show a change on "+
			"every plan. Use a value such as 1.5 (90 minutes) or 0.1 (6 minutes), or write minutes as a fraction, "+
			"for example budget = 20/60 for 20 minutes.",
			formatBudget(budget), strconv.FormatFloat(exact, 'f', -1, 64), formatBudget(secondsToHours(int64(math.Round(exact)))))
	}
	return seconds, ""
}

// budgetFromAPI converts TimeCamp's `budgeted` to the budget attribute. Any unit other than "fee"
// (TimeCamp's default "hours", or "" on some old tasks) counts seconds.
func budgetFromAPI(unit string, budgeted int64) float64 {
	if unit == timecamp.BudgetUnitFee {
		return float64(budgeted)
	}
	return secondsToHours(budgeted)
}

func formatBudget(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
