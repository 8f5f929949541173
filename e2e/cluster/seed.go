package main

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

const fakeNodeName = "gatehouse-node"

// Namespaces and pods every test can rely on. Each pod has one container, named after the pod.
var seededPods = map[string][]string{
	"team-a":   {"web", "worker"},
	"team-b":   {"api"},
	"payments": {"ledger"},
}

// seedNode registers the fake node, whose InternalIP and kubelet port lead the API server to the
// fake kubelet.
func seedNode(ctx context.Context, cs kubernetes.Interface, kubeletPort int) error {
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: fakeNodeName, Labels: map[string]string{"kubernetes.io/hostname": fakeNodeName}}}
	created, err := cs.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("create node: %w", err)
	}
	created.Status = corev1.NodeStatus{
		Addresses:       []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}, {Type: corev1.NodeHostName, Address: fakeNodeName}},
		DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: int32(kubeletPort)}},
		Conditions: []corev1.NodeCondition{{
			Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady", Message: "gatehouse fake kubelet",
			LastHeartbeatTime: metav1.Now(), LastTransitionTime: metav1.Now(),
		}},
		NodeInfo: corev1.NodeSystemInfo{KubeletVersion: "v1.35.4-gatehouse-fake", OperatingSystem: "linux", Architecture: "amd64"},
	}
	_, err = cs.CoreV1().Nodes().UpdateStatus(ctx, created, metav1.UpdateOptions{})
	return err
}

func seedWorkloads(ctx context.Context, cs kubernetes.Interface) error {
	for ns, pods := range seededPods {
		if err := ensureNamespace(ctx, cs, ns); err != nil {
			return err
		}
		for _, name := range pods {
			pod := &corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: map[string]string{"app": name}},
				Spec: corev1.PodSpec{
					NodeName: fakeNodeName,
					Containers: []corev1.Container{{
						Name: name, Image: "gatehouse.test/fake:1",
						Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: podHTTPPort}},
					}},
				},
			}
			if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
				return fmt.Errorf("create pod %s/%s: %w", ns, name, err)
			}
		}
		secret := &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Name: "app-credentials", Namespace: ns},
			StringData: map[string]string{"password": "not-a-real-secret-" + ns},
		}
		if _, err := cs.CoreV1().Secrets(ns).Create(ctx, secret, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("create secret in %s: %w", ns, err)
		}
	}
	return nil
}

func ensureNamespace(ctx context.Context, cs kubernetes.Interface, name string) error {
	_, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

func rule(groups, resources, verbs []string) rbacv1.PolicyRule {
	return rbacv1.PolicyRule{APIGroups: groups, Resources: resources, Verbs: verbs}
}

var readVerbs = []string{"get", "list", "watch"}

// seedRBAC creates the leased identity's rights and the bindings for the demo org's groups:
//   - gatehouse-leased (token) and gatehouse-leased-cert (client certificate): impersonate users
//     and groups, create (Self)SubjectAccessReviews, read RBAC — nothing else;
//   - engineering: view everything and read secrets cluster-wide (the vendor page's example);
//   - sre-on-call: operate pods in team-a (exec, attach, logs, port-forward, edit configmaps);
//   - developers: edit in team-b;  platform-team: view cluster-wide;
//   - payments (the demo's alias-mode resource, SPEC §11), all in the payments namespace: the alias
//     User frank_c may read pods (what the health check lists), the explicit group payments-rw
//     edits, and the role group payments-engineers views — so the doctor finds each bound.
//
// The demo's "datascience" group is deliberately left unbound. The impersonator rule names no
// resourceNames, so the leased identities may impersonate aliases and explicit groups too.
func seedRBAC(ctx context.Context, cs kubernetes.Interface) error {
	rbac := cs.RbacV1()
	clusterRoles := []*rbacv1.ClusterRole{
		{
			ObjectMeta: metav1.ObjectMeta{Name: "gatehouse-impersonator"},
			Rules: []rbacv1.PolicyRule{
				rule([]string{""}, []string{"users", "groups"}, []string{"impersonate"}),
				rule([]string{"authorization.k8s.io"}, []string{"selfsubjectaccessreviews", "subjectaccessreviews"}, []string{"create"}),
				rule([]string{"rbac.authorization.k8s.io"}, []string{"roles", "rolebindings", "clusterroles", "clusterrolebindings"}, readVerbs),
			},
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "secret-reader"},
			Rules:      []rbacv1.PolicyRule{rule([]string{""}, []string{"secrets"}, readVerbs)},
		},
	}
	for _, cr := range clusterRoles {
		if _, err := rbac.ClusterRoles().Create(ctx, cr, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("create clusterrole %s: %w", cr.Name, err)
		}
	}
	podOperator := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "pod-operator", Namespace: "team-a"},
		Rules: []rbacv1.PolicyRule{
			rule([]string{""}, []string{"pods", "pods/log"}, readVerbs),
			rule([]string{""}, []string{"pods/exec", "pods/attach", "pods/portforward"}, []string{"get", "create"}),
			rule([]string{""}, []string{"configmaps"}, []string{"get", "list", "watch", "create", "update", "patch", "delete"}),
		},
	}
	podReader := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "pod-reader", Namespace: "payments"},
		Rules:      []rbacv1.PolicyRule{rule([]string{""}, []string{"pods", "pods/log"}, readVerbs)},
	}
	for _, r := range []*rbacv1.Role{podOperator, podReader} {
		if _, err := rbac.Roles(r.Namespace).Create(ctx, r, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("create role %s/%s: %w", r.Namespace, r.Name, err)
		}
	}

	crb := func(name, role string, subjects ...rbacv1.Subject) *rbacv1.ClusterRoleBinding {
		return &rbacv1.ClusterRoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role},
			Subjects:   subjects,
		}
	}
	user := func(n string) rbacv1.Subject { return rbacv1.Subject{Kind: rbacv1.UserKind, APIGroup: rbacv1.GroupName, Name: n} }
	group := func(n string) rbacv1.Subject { return rbacv1.Subject{Kind: rbacv1.GroupKind, APIGroup: rbacv1.GroupName, Name: n} }
	for _, b := range []*rbacv1.ClusterRoleBinding{
		crb("gatehouse-impersonator", "gatehouse-impersonator", user(leasedUser), user(leasedCertUser)),
		crb("engineering-view", "view", group("engineering")),
		crb("engineering-secret-reader", "secret-reader", group("engineering")),
		crb("platform-team-view", "view", group("platform-team")),
	} {
		if _, err := rbac.ClusterRoleBindings().Create(ctx, b, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("create clusterrolebinding %s: %w", b.Name, err)
		}
	}
	for _, b := range []*rbacv1.RoleBinding{
		{
			ObjectMeta: metav1.ObjectMeta{Name: "sre-on-call-pod-operator", Namespace: "team-a"},
			RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "pod-operator"},
			Subjects:   []rbacv1.Subject{group("sre-on-call")},
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "developers-edit", Namespace: "team-b"},
			RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "edit"},
			Subjects:   []rbacv1.Subject{group("developers")},
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "frank-c-pod-reader", Namespace: "payments"},
			RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "pod-reader"},
			Subjects:   []rbacv1.Subject{user("frank_c")},
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "payments-rw-edit", Namespace: "payments"},
			RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "edit"},
			Subjects:   []rbacv1.Subject{group("payments-rw")},
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "payments-engineers-view", Namespace: "payments"},
			RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "view"},
			Subjects:   []rbacv1.Subject{group("payments-engineers")},
		},
	} {
		if _, err := rbac.RoleBindings(b.Namespace).Create(ctx, b, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("create rolebinding %s/%s: %w", b.Namespace, b.Name, err)
		}
	}
	return nil
}
