package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	clientcmd "k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Identities of the test cluster. The leased identity is what Gatehouse holds: it may impersonate
// and review access, nothing else (see rbac.go).
const (
	adminUser      = "gatehouse-admin"
	leasedUser     = "gatehouse-leased"
	leasedCertUser = "gatehouse-leased-cert"
	clusterName    = "gatehouse-test"
)

// clusterFiles are the paths of everything the harness writes into --dir. The kubeconfigs, org file
// and audit log are the contract that tests and benchmarks rely on; the rest is private.
type clusterFiles struct {
	dir               string
	caCert            string
	apiserverCert     string
	apiserverKey      string
	kubeletClientCert string
	kubeletClientKey  string
	serviceAccountKey string
	tokenFile         string
	auditPolicy       string
	auditLog          string
	apiserverLog      string
	adminToken        string
	leasedToken       string
}

func newClusterFiles(dir string) (*clusterFiles, error) {
	f := &clusterFiles{dir: dir}
	f.caCert = f.path("pki/ca.crt")
	f.apiserverCert = f.path("pki/apiserver.crt")
	f.apiserverKey = f.path("pki/apiserver.key")
	f.kubeletClientCert = f.path("pki/kubelet-client.crt")
	f.kubeletClientKey = f.path("pki/kubelet-client.key")
	f.serviceAccountKey = f.path("pki/sa.key")
	f.tokenFile = f.path("pki/tokens.csv")
	f.auditPolicy = f.path("audit-policy.yaml")
	f.auditLog = f.path("audit.log")
	f.apiserverLog = f.path("apiserver.log")
	var err error
	if f.adminToken, err = randomToken(); err != nil {
		return nil, err
	}
	if f.leasedToken, err = randomToken(); err != nil {
		return nil, err
	}
	return f, os.MkdirAll(f.path("pki"), 0o700)
}

func (f *clusterFiles) path(name string) string { return filepath.Join(f.dir, name) }

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func writeFile(path string, data []byte) error {
	return os.WriteFile(path, data, 0o600)
}

// writeStatic writes what the API server reads at start: PKI, tokens and the audit policy.
func (f *clusterFiles) writeStatic(ca *certAuthority) error {
	serving, err := ca.issue("kube-apiserver", nil, []string{"127.0.0.1", "localhost", "kubernetes", "kubernetes.default"})
	if err != nil {
		return err
	}
	kubeletClient, err := ca.issue("kube-apiserver-kubelet-client", []string{"system:masters"}, nil)
	if err != nil {
		return err
	}
	saKey, err := newServiceAccountKey()
	if err != nil {
		return err
	}
	tokens := fmt.Sprintf("%s,%s,%s,\"system:masters\"\n%s,%s,%s\n",
		f.adminToken, adminUser, adminUser, f.leasedToken, leasedUser, leasedUser)
	// Metadata level for everything, as the vendor page recommends; RequestReceived would only
	// double every line.
	policy := "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: Metadata\n"
	for path, data := range map[string][]byte{
		f.caCert:            ca.certPEM,
		f.apiserverCert:     serving.certPEM,
		f.apiserverKey:      serving.keyPEM,
		f.kubeletClientCert: kubeletClient.certPEM,
		f.kubeletClientKey:  kubeletClient.keyPEM,
		f.serviceAccountKey: saKey,
		f.tokenFile:         []byte(tokens),
		f.auditPolicy:       []byte(policy),
	} {
		if err := writeFile(path, data); err != nil {
			return err
		}
	}
	return nil
}

// writeKubeconfigs writes admin.kubeconfig (system:masters), leased.kubeconfig (the leased token)
// and leased-cert.kubeconfig (the same rights through a TLS client certificate), all verifying the
// server against the cluster CA.
func (f *clusterFiles) writeKubeconfigs(ca *certAuthority, server string) error {
	leasedCert, err := ca.issue(leasedCertUser, nil, nil)
	if err != nil {
		return err
	}
	write := func(name, context string, auth *clientcmdapi.AuthInfo) error {
		cfg := clientcmdapi.NewConfig()
		cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca.certPEM}
		cfg.AuthInfos[context] = auth
		cfg.Contexts[context] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: context}
		cfg.CurrentContext = context
		return clientcmd.WriteToFile(*cfg, f.path(name))
	}
	if err := write("admin.kubeconfig", "admin", &clientcmdapi.AuthInfo{Token: f.adminToken}); err != nil {
		return err
	}
	if err := write("leased.kubeconfig", "leased", &clientcmdapi.AuthInfo{Token: f.leasedToken}); err != nil {
		return err
	}
	return write("leased-cert.kubeconfig", "leased-cert", &clientcmdapi.AuthInfo{
		ClientCertificateData: leasedCert.certPEM,
		ClientKeyData:         leasedCert.keyPEM,
	})
}
