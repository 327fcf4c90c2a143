-- Swedish and Russian become interface languages (issue 21): an account may choose either, and
-- its e-mail comes in it.
alter table users drop constraint users_locale_check;
alter table users add constraint users_locale_check check (locale in ('fi', 'et', 'en', 'sv', 'ru'));
