import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'orgo:public';

/** Marks a route that needs no token (health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
