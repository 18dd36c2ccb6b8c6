package main

import "os"

// sdkLogVars are the variables that ask for the SDK's own logs (terraform-plugin-go's protocol
// logs, the framework's) or for any provider log at all: Terraform shows a provider's stderr only
// when TF_LOG or TF_LOG_PROVIDER is set, and drops it otherwise.
var sdkLogVars = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// quietSDKLogs returns the variables to set so that the SDK writes no logs when nobody will read
// them: when none of sdkLogVars is set. Terraform starts the provider with its own environment,
// so what the user set for Terraform is what the provider sees.
//
// Why: with no level set, terraform-plugin-log's SDK loggers default to TRACE (tfsdklog
// NewRootSDKLogger), and the provider writes every protocol and framework trace line as JSON to
// stderr, where Terraform parses and then discards it. One plan of 1000 resources wrote 182k lines,
// 85 MB, and spent about half of its CPU on them (make bench; notes on issue 7; the same cost is
// discussed upstream in opentofu/opentofu#2969). The provider's own logs (tflog, the timecamp_api
// subsystem) are left as they are.
//
// TF_LOG_SDK turns off the SDK root logger, which the subsystems copy their output settings from;
// TF_LOG_SDK_PROTO and TF_LOG_SDK_FRAMEWORK turn the two subsystems off by name too, so that their
// calls return before building the line (tfsdklog checks a subsystem's own level first).
func quietSDKLogs(lookup func(string) (string, bool)) map[string]string {
	for _, name := range sdkLogVars {
		if v, ok := lookup(name); ok && v != "" {
			return nil
		}
	}
	return map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF"}
}

// silenceUnreadSDKLogs applies quietSDKLogs to the process environment, before the server starts
// (the SDK reads the variables on every request).
func silenceUnreadSDKLogs() error {
	for name, value := range quietSDKLogs(os.LookupEnv) {
		if err := os.Setenv(name, value); err != nil {
			return err
		}
	}
	return nil
}
