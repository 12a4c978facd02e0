-- Issue #12: how the gateway authenticates to a source organisation's system (docs/sources.md).
-- source_auth_mode: null or 'none' = no authentication; 'smart-backend' = SMART Backend Services as a client
-- (private_key_jwt with the gateway's key, published at /auth/jwks; client_credentials grant at
-- source_token_url, as client source_client_id, asking source_scope). The signed X-Jeugdpoort-Context header
-- is sent to every source whatever the mode.
alter table organisation add column source_auth_mode varchar(32);
alter table organisation add column source_token_url varchar(2000);
alter table organisation add column source_client_id varchar(255);
alter table organisation add column source_scope     varchar(1000);
alter table organisation add constraint organisation_source_auth_mode
  check (source_auth_mode is null or source_auth_mode in ('none', 'smart-backend'));
alter table organisation add constraint organisation_source_auth_smart
  check (source_auth_mode is null or source_auth_mode <> 'smart-backend'
         or (source_token_url is not null and source_client_id is not null));
