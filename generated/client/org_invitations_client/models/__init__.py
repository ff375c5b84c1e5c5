"""Contains all the data models used in inputs/outputs"""

from .access_key import AccessKey
from .access_key_created import AccessKeyCreated
from .access_key_list import AccessKeyList
from .account import Account
from .account_create import AccountCreate
from .account_created import AccountCreated
from .account_target import AccountTarget
from .account_target_type import AccountTargetType
from .email_target import EmailTarget
from .email_target_type import EmailTargetType
from .field_error import FieldError
from .invitation import Invitation
from .invitation_action import InvitationAction
from .invitation_create import InvitationCreate
from .invitation_created import InvitationCreated
from .invitation_delivery import InvitationDelivery
from .invitation_delivery_list import InvitationDeliveryList
from .invitation_delivery_status import InvitationDeliveryStatus
from .invitation_event import InvitationEvent
from .invitation_event_list import InvitationEventList
from .invitation_expansion import InvitationExpansion
from .invitation_list import InvitationList
from .invitation_preview import InvitationPreview
from .invitation_role import InvitationRole
from .invitation_status import InvitationStatus
from .member import Member
from .member_list import MemberList
from .member_role import MemberRole
from .organization import Organization
from .organization_create import OrganizationCreate
from .organization_summary import OrganizationSummary
from .page_info import PageInfo
from .problem import Problem
from .role_detail import RoleDetail
from .security_token import SecurityToken
from .security_token_create import SecurityTokenCreate
from .target_type import TargetType
from .webhook import Webhook
from .webhook_create import WebhookCreate
from .webhook_created import WebhookCreated
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_list import WebhookDeliveryList
from .webhook_delivery_status import WebhookDeliveryStatus
from .webhook_event_type import WebhookEventType
from .webhook_list import WebhookList

__all__ = (
    "AccessKey",
    "AccessKeyCreated",
    "AccessKeyList",
    "Account",
    "AccountCreate",
    "AccountCreated",
    "AccountTarget",
    "AccountTargetType",
    "EmailTarget",
    "EmailTargetType",
    "FieldError",
    "Invitation",
    "InvitationAction",
    "InvitationCreate",
    "InvitationCreated",
    "InvitationDelivery",
    "InvitationDeliveryList",
    "InvitationDeliveryStatus",
    "InvitationEvent",
    "InvitationEventList",
    "InvitationExpansion",
    "InvitationList",
    "InvitationPreview",
    "InvitationRole",
    "InvitationStatus",
    "Member",
    "MemberList",
    "MemberRole",
    "Organization",
    "OrganizationCreate",
    "OrganizationSummary",
    "PageInfo",
    "Problem",
    "RoleDetail",
    "SecurityToken",
    "SecurityTokenCreate",
    "TargetType",
    "Webhook",
    "WebhookCreate",
    "WebhookCreated",
    "WebhookDelivery",
    "WebhookDeliveryList",
    "WebhookDeliveryStatus",
    "WebhookEventType",
    "WebhookList",
)
