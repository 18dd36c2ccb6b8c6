package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// secretsConfig touches every kind of request a run makes: reads, creates, updates, deletes.
const secretsConfig = `
resource "timecamp_group" "g" {
  name = "Secret keepers"
}
resource "timecamp_task" "t" {
  name = "Vault"
}
resource "timecamp_tag_list" "l" {
  name = "Keys"
}
resource "timecamp_tag" "k" {
  tag_list_id = timecamp_tag_list.l.id
  name        = "Master"
}
resource "timecamp_client" "c" {
  organization_name = "Locksmiths"
}
`

// TestAccTokenNeverLogged runs the real terraform with the provider binary (as a user would), at
// TF_LOG=TRACE with the provider's API logger at TRACE too, through apply, a plan against an API
// that echoes the token in its replies and errors, and destroy; the token must not appear in the
// log file nor in terraform's output. The token is given in the provider block in one run (where
// terraform itself holds it) and in the environment in the other.
func TestAccTokenNeverLogged(t *testing.T) {
	for _, where := range []string{"environment", "provider block"} {
		t.Run(where, func(t *testing.T) {
			token := "tc-7Q2x-secret-" + strings.ReplaceAll(where, " ", "-") + "-9f41d0"
			env := newEmulatorEnv(t, timecamptest.Options{Token: token})
			tf := newTerraformRunner(t, env)
			logPath := filepath.Join(t.TempDir(), "terraform.log")
			tf.env = append(tf.env, "TF_LOG=TRACE", "TF_LOG_PROVIDER_TIMECAMP_API=TRACE", "TF_LOG_PATH="+logPath)
			provider := ""
			if where == "provider block" {
				tf.env = withoutVar(tf.env, EnvAPIToken)
				provider = fmt.Sprintf("provider \"timecamp\" {\n  api_token = %q\n}\n", token)
			}
			tf.write("main.tf", "terraform {\n  required_providers {\n    timecamp = {\n      source = \"timecamp-org/timecamp\"\n    }\n  }\n}\n"+
				provider+secretsConfig)

			var outputs strings.Builder
			record := func() { outputs.WriteString(tf.last) }

			// Replies that echo the token: in every record of the task list, and in a refusal.
			env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodGet, Path: "/tasks", Times: 1000,
				Transform: timecamptest.AddKeys(map[string]any{"debug_authorization": "Bearer " + token})})
			tf.run("apply", "-auto-approve")
			record()
			env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodGet, Path: "/group", Status: http.StatusBadRequest,
				Body: `{"message":"Invalid request: Authorization: Bearer ` + token + `"}`, Times: 1000})
			if code := tf.runCode("plan"); code == 0 {
				t.Errorf("the plan succeeded although GET /group failed:\n%s", tf.last)
			}
			record()
			if !strings.Contains(tf.last, "[redacted token]") {
				t.Errorf("the error does not show where the token was removed:\n%s", tf.last)
			}
			env.Emulator.ClearFaults()
			tf.run("destroy", "-auto-approve")
			record()

			logs, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatal(err)
			}
			// The log must hold the provider's API log lines, or the search proves nothing.
			for _, want := range []string{"TimeCamp request", "timecamp_api", "/tasks", "[redacted token]"} {
				if !strings.Contains(string(logs), want) {
					t.Errorf("the TRACE log has no %q: the provider's logs were not captured", want)
				}
			}
			inLogs := strings.Count(string(logs), token)
			inOutput := strings.Count(outputs.String(), token)
			t.Logf("token occurrences: %d in %d bytes of TRACE log, %d in terraform's output", inLogs, len(logs), inOutput)
			if inLogs != 0 || inOutput != 0 {
				for _, line := range strings.Split(string(logs), "\n") {
					if strings.Contains(line, token) {
						t.Logf("leak: %.300s", line)
					}
				}
				t.Errorf("the token appears %d times in the log and %d times in the output, want 0", inLogs, inOutput)
			}
		})
	}
}

func withoutVar(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}
