// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockERC20} from "./MockERC20.sol";

/// @notice A mintable ERC-20 with a blocklist (like USDC's): a transfer to a blocked account
/// reverts, or, with `returnFalse`, returns false without moving anything.
contract BlockingERC20 is MockERC20 {
    error BlockingERC20Blocked(address account);

    mapping(address account => bool) private _blocked;
    bool private _returnFalse;

    constructor() MockERC20("Blocking USD", "BUSD", 6) {}

    /// @notice Block or unblock transfers to `account`.
    function setBlocked(address account, bool blocked) external {
        _blocked[account] = blocked;
    }

    /// @notice Fail by returning false (true) or by reverting (false).
    function setReturnFalse(bool returnFalse) external {
        _returnFalse = returnFalse;
    }

    /// @notice Transfer, unless `to` is blocked.
    function transfer(address to, uint256 value) public override returns (bool) {
        if (_blocked[to]) {
            if (_returnFalse) return false;
            revert BlockingERC20Blocked(to);
        }
        return super.transfer(to, value);
    }
}
