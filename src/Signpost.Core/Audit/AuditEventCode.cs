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

    // 1400–1499: channels and their credentials (004 §6.10.1)
    ChannelConnected = 1400,
    ChannelUpdated = 1401,
    ChannelPaused = 1402,
    ChannelResumed = 1403,
    ChannelDisconnected = 1404,
    ChannelReconnected = 1405,
    ChannelRemoved = 1406,
    ChannelCredentialRead = 1410,
    ChannelCredentialRenewed = 1411,
    ChannelCredentialLost = 1412,
    ChannelExpiryWarned = 1413,
    SandboxAccountCreated = 1420,
    SandboxFaultSet = 1421,
    SandboxTokenRevoked = 1422,

    // 1500–1599: posts and approval (000 §1.3, 004 §5.5)
    PostCreated = 1500,
    PostUpdated = 1501,
    PostSubmitted = 1502,
    PostApproved = 1503,
    PostChangesRequested = 1504,
    PostScheduled = 1505,
    PostCancelled = 1506,
    PostReturnedForApproval = 1507,
    FindingOverridden = 1508,
    PostUnscheduled = 1509,
    CampaignCreated = 1520,
    CampaignUpdated = 1521,
    CampaignDeleted = 1522,

    // 1600–1699: publishing
    PublicationStarted = 1600,
    PublicationPublished = 1601,
    PublicationRetryScheduled = 1602,
    PublicationFailed = 1603,
    PublicationOutcomeUnknown = 1604,
    PublicationFoundOnPlatform = 1605,
    PublicationResolvedByPerson = 1606,
    PublicationDeleted = 1607,
    PublicationRetriedByPerson = 1608,

    // 1700–1799: media library and calendar
    MediaUploaded = 1700,
    MediaUpdated = 1701,
    MediaDeleted = 1702,
    AwarenessDayAdded = 1720,
    AwarenessDayUpdated = 1721,
    AwarenessDayRemoved = 1722,
    CalendarFeedCreated = 1730,
    CalendarFeedRevoked = 1731,

    // 1800–1899: content requests and notifications (004 §6.1.3, §6.2.4)
    ContentRequestSubmitted = 1800,
    ContentRequestAccepted = 1801,
    ContentRequestDeclined = 1802,
    ContentRequestWithdrawn = 1803,
    ContentRequestUpdated = 1804,
    NotificationsRead = 1850,

    // 2000–2099: the inbox (004 §6.3–6.5)
    InboxMessagesReceived = 2000,
    InboxMessageAssigned = 2001,
    InboxNoteAdded = 2002,
    InboxStatusChanged = 2003,
    InboxReplySent = 2004,
    InboxReplyFailed = 2005,
    InboxAutoReplySent = 2006,
    InboxHandedOff = 2007,
    InboxHandOffAnswered = 2008,
    InboxHandOffConfirmed = 2009,
    InboxMessageRedacted = 2010,
    InboxChannelPolled = 2011,
    InboxPollFailed = 2012,
    SandboxInboundCreated = 2013,
    SavedReplyCreated = 2020,
    SavedReplyUpdated = 2021,
    SavedReplyArchived = 2022,
    InboxSettingsUpdated = 2030,

    // 2100–2199: moderation (000 §3.4, 004 Appendix B, 003 §3.2.6)
    MessageHidden = 2100,
    MessageUnhidden = 2101,
    MessageDeleted = 2102,
    AuthorBlocked = 2103,
    AuthorUnblocked = 2104,
    MessageReported = 2105,
    ModerationFailed = 2106,
    StrikeRecorded = 2107,
    BlockProposed = 2108,
    MessageAutoHidden = 2109,
    ModerationNotSupported = 2110,
    StrikeRemoved = 2111,
    BlockProposalDismissed = 2112,
    BlockedWordFlagged = 2113,

    // 2200–2299: safeguarding (000 §6.1)
    SafeguardingReferred = 2200,
    SafeguardingStatusChanged = 2201,
    SafeguardingReportedToPlatform = 2202,

    // 2300–2399: escalation and the on-call rota (004 §6.4.5)
    UrgentMessageAlerted = 2300,
    DutyManagerPaged = 2301,
    DutyPageAcknowledged = 2302,
    DutyPageEscalated = 2303,
    DutyPageUnanswered = 2304,
    OnCallShiftAdded = 2310,
    OnCallShiftRemoved = 2311,

    // 1900–1999: the audit trail itself
    AuditExported = 1900,
    AuditChainVerified = 1901,
    DemoDataLoaded = 1990,
}
