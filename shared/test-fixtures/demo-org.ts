/**
 * The demo org the test cluster writes (e2e/cluster). Tests use it verbatim: it must load without
 * error, and its preview shows one of each role-mapping case (ok, reserved, collision), and one
 * alias-mode resource (payments, identity set contractors) granted by a rule with an explicit group.
 */
export const DEMO_ORG_YAML = `identitySets:
  - name: contractors

users:
  - email: alice@example.com
    name: Alice Liddell
    roles: [Engineering, "SRE On-Call"]
  - email: bob@example.com
    name: Bob Builder
    roles: [Developers]
  - email: carol@example.com
    name: Carol Data
    roles: [Data.Science]
  - email: dave@example.com
    name: Dave Root
    roles: ["System:Masters"]
  - email: erin@example.com
    name: Erin Platform
    roles: [Platform Team, Platform-Team]
  - email: frank@example.com
    name: Frank Contractor
    roles: [Payments Engineers]
    aliases: {contractors: frank_c}

roles:
  - name: Engineering
    rules:
      - resources: [staging]
      - tags: {env: prod}
  - name: SRE On-Call
    rules:
      - resources: [staging]
  - name: Developers
    rules:
      - resources: [staging]
  - name: Data.Science
    rules:
      - tags: {team: data}
  - name: System:Masters
    rules:
      - resources: [staging]
  - name: Platform Team
    rules:
      - tags: {env: staging}
  - name: Platform-Team
    rules:
      - resources: [prod]
  - name: Payments Engineers
    rules:
      - resources: [payments]
        groups: [payments-rw]

resources:
  - name: staging
    type: kubernetes-user-impersonation
    tags: {env: staging, team: data}
    healthcheckNamespace: team-a
    cluster:
      kubeconfig: ./leased.kubeconfig
      context: leased
  - name: prod
    type: kubernetes-user-impersonation
    tags: {env: prod}
    healthcheckNamespace: default
    cluster:
      kubeconfig: ./leased-cert.kubeconfig
  - name: payments
    type: kubernetes-user-impersonation
    tags: {team: payments}
    healthcheckNamespace: payments
    impersonation: {identitySet: contractors}
    cluster:
      kubeconfig: ./leased.kubeconfig
      context: leased
`;
