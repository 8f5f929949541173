package main

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/kubernetes/pkg/controller/clusterroleaggregation"
)

// runControllers starts the control loops this cluster needs without a kube-controller-manager:
//   - the real ClusterRole aggregation controller, which fills the built-in view/edit/admin roles
//     (they are aggregated, and empty without it);
//   - a pod loop that plays scheduler and kubelet status for the one fake node: every pod without
//     a node is bound to it, and every pod on it that is not yet running is reported Running and
//     Ready. Without this, kubectl refuses exec and port-forward.
func runControllers(ctx context.Context, cs kubernetes.Interface) error {
	factory := informers.NewSharedInformerFactory(cs, 0)
	aggregation := clusterroleaggregation.NewClusterRoleAggregation(factory.Rbac().V1().ClusterRoles(), cs.RbacV1())
	pods := factory.Core().V1().Pods().Informer()
	handle := func(obj interface{}) {
		pod, ok := obj.(*corev1.Pod)
		if !ok || pod.DeletionTimestamp != nil {
			return
		}
		if err := reconcilePod(ctx, cs, pod); err != nil && ctx.Err() == nil {
			logger.Printf("pod controller: %s/%s: %v", pod.Namespace, pod.Name, err)
		}
	}
	if _, err := pods.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    handle,
		UpdateFunc: func(_, obj interface{}) { handle(obj) },
	}); err != nil {
		return err
	}
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	go aggregation.Run(ctx, 1)
	return waitAggregated(ctx, cs, "view")
}

// waitAggregated waits until the aggregation controller has filled the named ClusterRole.
func waitAggregated(ctx context.Context, cs kubernetes.Interface, name string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		role, err := cs.RbacV1().ClusterRoles().Get(ctx, name, metav1.GetOptions{})
		if err == nil && len(role.Rules) > 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("clusterrole %s was not aggregated within 30s", name)
}

func reconcilePod(ctx context.Context, cs kubernetes.Interface, pod *corev1.Pod) error {
	if pod.Spec.NodeName == "" {
		binding := &corev1.Binding{
			ObjectMeta: metav1.ObjectMeta{Name: pod.Name, Namespace: pod.Namespace},
			Target:     corev1.ObjectReference{Kind: "Node", Name: fakeNodeName},
		}
		return cs.CoreV1().Pods(pod.Namespace).Bind(ctx, binding, metav1.CreateOptions{})
	}
	if pod.Spec.NodeName != fakeNodeName || pod.Status.Phase == corev1.PodRunning {
		return nil
	}
	now := metav1.Now()
	updated := pod.DeepCopy()
	updated.Status.Phase = corev1.PodRunning
	updated.Status.HostIP = "127.0.0.1"
	updated.Status.HostIPs = []corev1.HostIP{{IP: "127.0.0.1"}}
	updated.Status.PodIP = "127.0.0.1"
	updated.Status.PodIPs = []corev1.PodIP{{IP: "127.0.0.1"}}
	updated.Status.StartTime = &now
	updated.Status.Conditions = nil
	for _, t := range []corev1.PodConditionType{corev1.PodScheduled, corev1.PodInitialized, corev1.ContainersReady, corev1.PodReady} {
		updated.Status.Conditions = append(updated.Status.Conditions, corev1.PodCondition{Type: t, Status: corev1.ConditionTrue, LastTransitionTime: now})
	}
	updated.Status.ContainerStatuses = nil
	for _, c := range pod.Spec.Containers {
		updated.Status.ContainerStatuses = append(updated.Status.ContainerStatuses, corev1.ContainerStatus{
			Name: c.Name, Image: c.Image, ImageID: c.Image, Ready: true, Started: ptrTo(true),
			ContainerID: "fake://" + pod.Namespace + "/" + pod.Name + "/" + c.Name,
			State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
		})
	}
	_, err := cs.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{})
	return err
}

func ptrTo[T any](v T) *T { return &v }
