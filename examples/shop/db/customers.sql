create table customers (
    id varchar(36) primary key,
    name varchar(200) not null,
    email varchar(320) not null unique,
    created_at timestamp not null,
    tier varchar(20) not null,
    credit_limit double precision
);
create table cards (
    id varchar(36) primary key,
    customer_id varchar(36) not null references customers (id),
    brand varchar(20) not null,
    details text not null
);
