package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/client-go/rest"
	basecompatibility "k8s.io/component-base/compatibility"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

// Registering the logging feature gates is what kube-apiserver's own command does in init().
func init() {
	if err := logsapi.AddFeatureGates(utilfeature.DefaultMutableFeatureGate); err != nil {
		panic(err)
	}
}

type apiserverConfig struct {
	dir          string
	securePort   int
	etcdURL      string
	files        *clusterFiles
	logFile      *os.File
	extraFlagSet []string
}

// runAPIServer runs a real kube-apiserver in this process until ctx is cancelled. It goes through
// the same options → config → server chain as the kube-apiserver binary, minus the cobra command,
// whose signal handler would fight ours.
func runAPIServer(ctx context.Context, cfg apiserverConfig) error {
	klog.LogToStderr(false)
	klog.SetOutput(cfg.logFile)
	rest.SetDefaultWarningHandler(rest.NoWarnings{})

	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, f := range s.Flags().FlagSets {
		fs.AddFlagSet(f)
	}
	f := cfg.files
	args := []string{
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", cfg.securePort),
		"--cert-dir=" + f.path("pki"),
		"--tls-cert-file=" + f.apiserverCert,
		"--tls-private-key-file=" + f.apiserverKey,
		"--client-ca-file=" + f.caCert,
		"--etcd-servers=" + cfg.etcdURL,
		"--authorization-mode=Node,RBAC",
		"--token-auth-file=" + f.tokenFile,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + f.serviceAccountKey,
		"--service-account-signing-key-file=" + f.serviceAccountKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		// There is no controller-manager to create each namespace's default ServiceAccount.
		"--disable-admission-plugins=ServiceAccount",
		"--kubelet-preferred-address-types=InternalIP",
		"--kubelet-client-certificate=" + f.kubeletClientCert,
		"--kubelet-client-key=" + f.kubeletClientKey,
		"--audit-policy-file=" + f.auditPolicy,
		"--audit-log-path=" + f.auditLog,
		"--audit-log-format=json",
		"--audit-log-mode=blocking",
		"--allow-privileged=true",
		"--profiling=false",
		"--endpoint-reconciler-type=none",
	}
	args = append(args, cfg.extraFlagSet...)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("kube-apiserver flags: %w", err)
	}
	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	featureGate := s.GenericServerRunOptions.ComponentGlobalsRegistry.FeatureGateFor(basecompatibility.DefaultKubeComponent)
	if err := logsapi.ValidateAndApply(s.Logs, featureGate); err != nil {
		return err
	}
	// ValidateAndApply re-initialises klog; keep the API server's chatter in its own file.
	klog.LogToStderr(false)
	klog.SetOutput(cfg.logFile)

	completed, err := s.Complete(ctx)
	if err != nil {
		return err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return utilerrors.NewAggregate(errs)
	}
	return app.Run(ctx, completed)
}
