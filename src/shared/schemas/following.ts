import { Type, type Static } from 'typebox';
import { LocalizedText } from '../localized.ts';
import { StatusSchema, TITLE_MAX } from './bottlenecks.ts';
import { Page, PageQuery } from './lists.ts';

/** Which of the member's lists: what they follow, or what they support ("affects me too"). */
export const FollowingQuery = Type.Object(
  {
    list: Type.Enum(['follow', 'support'], { type: 'string', description: 'follow: bottlenecks you follow; support: those you support' }),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type FollowingQuery = Static<typeof FollowingQuery>;

export const FollowingItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  ref: Type.String(),
  title: LocalizedText(TITLE_MAX),
  status: StatusSchema,
  following: Type.Boolean(),
  supporting: Type.Boolean(),
  /** The latest change a follower hears of: a status change, an answer, a merge. */
  lastChangeAt: Type.String({ format: 'date-time' }),
  /** Whether that change came after the member last opened the bottleneck's page (or joined it). */
  news: Type.Boolean(),
});
export type FollowingItem = Static<typeof FollowingItem>;

export const FollowingList = Page(FollowingItem);
export type FollowingList = Static<typeof FollowingList>;
