package main

import (
	"maps"
	"os"
	"testing"
)

func TestQuietSDKLogs(t *testing.T) {
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF"}
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"nothing set: nobody reads the logs", nil, off},
		{"unrelated variables only", map[string]string{"TF_LOG_PATH": "/tmp/tf.log", "TF_LOG_CORE": "TRACE",
			"TF_LOG_PROVIDER_TIMECAMP_API": "TRACE", "HOME": "/root"}, off},
		{"set but empty counts as unset", map[string]string{"TF_LOG": ""}, off},
		{"TF_LOG", map[string]string{"TF_LOG": "TRACE"}, nil},
		{"TF_LOG=JSON", map[string]string{"TF_LOG": "JSON"}, nil},
		{"TF_LOG_PROVIDER", map[string]string{"TF_LOG_PROVIDER": "DEBUG"}, nil},
		{"TF_LOG_SDK", map[string]string{"TF_LOG_SDK": "INFO"}, nil},
		{"TF_LOG_SDK_PROTO", map[string]string{"TF_LOG_SDK_PROTO": "TRACE"}, nil},
		{"TF_LOG_SDK_FRAMEWORK", map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := quietSDKLogs(func(name string) (string, bool) {
				v, ok := tc.env[name]
				return v, ok
			})
			if !maps.Equal(got, tc.want) {
				t.Errorf("quietSDKLogs(%v) = %v, want %v", tc.env, got, tc.want)
			}
		})
	}
}

// TestSilenceUnreadSDKLogs sets the variables in the process environment only when none is set.
func TestSilenceUnreadSDKLogs(t *testing.T) {
	for _, name := range sdkLogVars {
		t.Setenv(name, "")
	}
	if err := silenceUnreadSDKLogs(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if got := os.Getenv(name); got != "OFF" {
			t.Errorf("%s = %q after silenceUnreadSDKLogs with no log variable set, want OFF", name, got)
		}
	}

	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_SDK", "")
	t.Setenv("TF_LOG_SDK_PROTO", "")
	t.Setenv("TF_LOG_SDK_FRAMEWORK", "")
	if err := silenceUnreadSDKLogs(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if got := os.Getenv(name); got != "" {
			t.Errorf("%s = %q with TF_LOG=TRACE, want it left alone", name, got)
		}
	}
}
