namespace Signpost.Core.Audit;

/// <summary>
/// Stable numeric codes for audit events, grouped by feature in blocks of a hundred. A code is
/// stored and exported: never renumber one, never reuse one; add new codes at the end of a block.
/// </summary>
public enum AuditEventCode
{
    // 1000–1099: signing in and accounts
    UserSignedIn = 1000,
    SignInFailed = 1001,
    UserLockedOut = 1002,
    UserSignedOut = 1003,
    SignInPasswordAccepted = 1004,
    PasswordChanged = 1010,
    TwoFactorEnabled = 1011,
    TwoFactorDisabled = 1012,
    RecoveryCodesGenerated = 1013,
    ExternalSignInLinked = 1014,
    ProfileUpdated = 1015,
    AccessTokenCreated = 1020,
    AccessTokenRevoked = 1021,

    // 1100–1199: organisations
    OrganisationCreated = 1100,
    OrganisationUpdated = 1101,
    HouseRulesUpdated = 1102,
    OrganisationSettingsUpdated = 1103,

    // 1200–1299: teams
    TeamCreated = 1200,
    TeamUpdated = 1201,
    TeamDeleted = 1202,

    // 1300–1399: users and memberships
    UserCreated = 1300,
    UserUpdated = 1301,
    PasswordResetByAdministrator = 1304,
    UserUnlocked = 1305,
    MembershipAdded = 1310,
    MembershipChanged = 1311,
    MembershipRemoved = 1312,

    // 1900–1999: the audit trail itself
    AuditExported = 1900,
    AuditChainVerified = 1901,
    DemoDataLoaded = 1990,
}
